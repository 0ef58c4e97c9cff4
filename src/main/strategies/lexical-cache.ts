/**
 * Out-of-fold fits featurize the prompts once and fit an IDF per fold: routing's LexicalFeatures (moved there so
 * profile builds share it; same API).
 */
export { LexicalFeatures as LexicalFeatureCache } from '../routing/lexical-features';
