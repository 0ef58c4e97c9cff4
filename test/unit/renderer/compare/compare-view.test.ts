import { describe, expect, it } from 'vitest';
import { compareProgressView, comparisonFileName, comparisonJson, groupSimulatedNote, outOfFoldText, resultSimulated } from '../../../../src/renderer/src/compare/compare-view';
import { makeGroup, makeResult } from '../fixtures/compare';

describe('compare view: honesty labels', () => {
  it('flags simulated groups and results', () => {
    expect(groupSimulatedNote(makeGroup())).toMatch(/^SIMULATED: every figure of 127\.0\.0\.1:5555/);
    expect(groupSimulatedNote(makeGroup({ simulated: 'some' }))).toMatch(/^PARTLY SIMULATED/);
    expect(groupSimulatedNote(makeGroup({ simulated: 'none' }))).toBeNull();
    expect(resultSimulated(makeResult())).toBe('all');
    expect(resultSimulated(makeResult([makeGroup({ simulated: 'none' }), makeGroup({ key: 'b' })]))).toBe('some');
    expect(resultSimulated(makeResult([makeGroup({ simulated: 'none' })]))).toBe('none');
  });

  it('states the out-of-fold audit', () => {
    expect(outOfFoldText(makeGroup())).toMatch(/^5-fold cross-fitting \(seed 42, stratified\): every prompt was routed once/);
    expect(outOfFoldText(makeGroup({ outOfFold: null }))).toBeNull();
  });
});

describe('compare view: progress', () => {
  it('describes progress', () => {
    expect(compareProgressView({ comparisonId: 'cmp-x', phase: 'llm', group: 'dev', strategy: 'claude', done: 5, total: 20, message: '' })).toEqual({
      text: 'Asking the LLM routers · dev · claude · 5 / 20',
      percent: 25,
    });
    expect(compareProgressView({ comparisonId: 'cmp-x', phase: 'fitting', group: null, strategy: null, done: 0, total: 0, message: 'fold 1' }).percent).toBeNull();
  });
});

describe('compare view: JSON export', () => {
  it('writes the whole comparison, saying whether it is simulated, under a stamped file name', () => {
    const result = makeResult();
    const doc = JSON.parse(comparisonJson(result)) as Record<string, unknown>;
    expect(doc.format).toBe('aurora-lab-comparison');
    expect(doc.simulated).toBe('all');
    expect(doc.note).toMatch(/^SIMULATED/);
    expect(doc.id).toBe(result.id);
    expect(doc.groups).toEqual(JSON.parse(JSON.stringify(result.groups)));
    expect(comparisonFileName(result, 'json')).toMatch(/^aurora-lab-compare-\d{8}-\d{6}-3e257013\.json$/);
    expect(JSON.parse(comparisonJson(makeResult([makeGroup({ simulated: 'none' })]))).note).toBe('Every figure was measured on physical phones.');
  });
});
