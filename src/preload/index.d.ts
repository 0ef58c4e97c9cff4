import type { LabClient } from '../shared/contract';

declare global {
  interface Window {
    lab?: LabClient;
  }
}
