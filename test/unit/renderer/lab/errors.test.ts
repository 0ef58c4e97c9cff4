import { describe, expect, it } from 'vitest';
import { asSentence, describeError, errorMessage } from '../../../../src/renderer/src/lab/errors';
import { LabApiError } from '../../../../src/shared/http-client';

describe('errors', () => {
  it('uses the API body of a LabApiError', () => {
    const e = new LabApiError(404, { code: 'not-found', message: 'No device XYZ' });
    expect(describeError(e)).toEqual({ message: 'No device XYZ', code: 'not-found' });
  });

  it('strips the Electron IPC wrapper', () => {
    const e = new Error("Error invoking remote method 'lab:devices.connect': Error: adb is not running");
    expect(errorMessage(e)).toBe('adb is not running');
  });

  it('handles plain errors, strings and junk', () => {
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage('oops')).toBe('oops');
    expect(errorMessage(42)).toMatch(/no details/);
    const coded = Object.assign(new Error('denied'), { code: 'unauthorized' });
    expect(describeError(coded)).toEqual({ message: 'denied', code: 'unauthorized' });
  });
});

describe('asSentence', () => {
  it('reads the error code the preload puts in front of the message', () => {
    const e = new Error("Error invoking remote method 'lab:devices.get': Error: [not-found] No device XYZ");
    expect(describeError(e)).toEqual({ message: 'No device XYZ', code: 'not-found' });
  });

  it('ends messages with punctuation once', () => {
    expect(asSentence('Missing token')).toBe('Missing token.');
    expect(asSentence('Done. ')).toBe('Done.');
    expect(asSentence('Failed: see (log)')).toBe('Failed: see (log)');
  });
});
