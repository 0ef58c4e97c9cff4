/** What a page about one phone shows before it has the phone: a serial adb would never print, loading, or unknown. */
import { serialSchema } from '../../../shared/contract';
import type { ShownError } from '../lab/errors';
import { Breadcrumb } from '../ui/Breadcrumb';
import { InlineError } from '../ui/Messages';

export function isSerial(serial: string): boolean {
  return serialSchema.safeParse(serial).success;
}

export function NotASerial({ serial, testId }: { serial: string; testId: string }) {
  return (
    <div className="page" data-testid={testId}>
      <Breadcrumb trail={[{ label: 'Devices', href: '#/devices' }]} />
      <InlineError message={`"${serial}" is not a device serial adb would print.`} testId="device-load-error" />
    </div>
  );
}

export function DeviceLoading({ serial, error, testId }: { serial: string; error: ShownError | null; testId: string }) {
  return (
    <div className="page" data-testid={testId}>
      <Breadcrumb trail={[{ label: 'Devices', href: '#/devices' }, { label: serial }]} />
      {error ? (
        <InlineError testId="device-load-error" message={error.code === 'not-found' ? `The lab knows no device with serial ${serial}.` : error.message} />
      ) : (
        <div className="panel muted">Loading {serial}…</div>
      )}
    </div>
  );
}
