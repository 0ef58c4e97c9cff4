/** On a device's page, for a virtual phone the lab runs: stop it (disconnect, then stop), as the Devices page does. */
import { useLabAction } from '../lab/useLabAction';
import { ActionNote } from '../ui/Messages';
import { useVirtualPhones } from './virtual-phones-hooks';

export function StopVirtualButton({ serial }: { serial: string }) {
  const virtual = useVirtualPhones();
  const action = useLabAction<'stop'>();
  const owned = virtual.data?.phones.some((p) => p.serial === serial) ?? false;
  if (!owned && !action.message) return null;
  return (
    <>
      {owned ? (
        <button
          type="button"
          className="btn btn-danger"
          disabled={action.busy !== null}
          onClick={() => void action.run('stop', async (lab) => ({ kind: 'ok', text: (await lab.devices.stopVirtual({ serial })).message }), 'Stopping the virtual phone failed')}
          title="This lab runs this virtual phone: disconnect it and stop it"
          data-testid="virtual-stop-detail"
        >
          {action.busy === 'stop' ? 'Stopping…' : 'Stop virtual phone'}
        </button>
      ) : null}
      <ActionNote message={action.message} testId="virtual-stop-result" inline />
    </>
  );
}
