/** Prompt sets for profiling: loaders, sampling, fingerprints, prompts, answer extraction and scoring. */
export * from './types';
export { DatasetError } from './errors';
export type { DatasetErrorCode } from './errors';
export { loadDataset, findStarterFile, BUILTIN_DATASETS } from './dataset-registry';
export type { LoadDatasetOptions } from './dataset-registry';
export { loadMmlu, loadMmluFile, parseMmluCsv, listMmluFiles, subjectFromFileName } from './mmlu-loader';
export { loadJsonl, parseJsonl, MAX_JSONL_LINE_CHARS } from './jsonl-loader';
export { parseCsv } from './csv';
export { sampleStratified, allocateBySubject, seededShuffle, seededRandom, repetitionOrder } from './sampling';
export { fingerprintItems, fingerprintSelection, FINGERPRINT_VERSION } from './fingerprint';
export type { SelectionFingerprint } from './fingerprint';
export { buildMessages, formatQuestion, pickShots, PROMPT_TEMPLATE_VERSION } from './prompt-builder';
export type { ChatMessage, BuildMessagesOptions } from './prompt-builder';
export { extractAnswer } from './answer-extraction';
export type { Extraction, ExtractionMethod } from './answer-extraction';
export { scoreReply, scoreLogLikelihoods, summarizeScores } from './scoring';
export type { ReplyScore, LoglikScore, ScoreSummary } from './scoring';
export {
  downloadFile, ensureRemoteDataset, ensureMmlu, mmluRemoteDataset, mmluHfParquetDataset, mmluDataTarDataset,
  hfResolveUrl, MMLU_DATA_TAR_URL, MMLU_HF_REPO, MMLU_HF_URL, MMLU_HF_DEFAULT_REVISION, MMLU_HF_PARQUET_FILES,
} from './hf-download';
export type {
  DownloadProgress, DownloadFileOptions, RemoteDataset, RemoteFile, MmluSource, MmluHfParquetSource, MmluDataTarSource,
} from './hf-download';
export { readMmluParquet, checkMmluParquetRows, writeMmluSplit, mmluCsvText } from './mmlu-parquet';
export type { MmluParquetRow } from './mmlu-parquet';
