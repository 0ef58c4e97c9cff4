/** The Compare form: runs, strategies (each with why it cannot run now), and how the comparison is scored. */
import { useMemo, useRef, useState, type FormEvent } from 'react';
import type { CompareProgress, CompareRunRequest, CompareStrategyId } from '../../../shared/api/compare';
import type { CostMetricName } from '../../../shared/api/settings';
import { pageHref } from '../app/routing';
import type { ShownError } from '../lab/errors';
import { useRouterProfiles } from '../profiles/hooks';
import { useRunChoices } from '../runs/hooks';
import { RunPicker } from '../runs/RunPicker';
import { useSettings } from '../settings/hooks';
import { plural } from '../../../shared/format';
import { toggled } from '../ui/forms';
import { ErrorList, InlineError, Refusal } from '../ui/Messages';
import { ProgressBar } from '../ui/ProgressBar';
import { Option } from '../ui/Option';
import { buildCompareRequest, defaultStrategies, initialCompareForm, strategyOptions, type CompareForm as Form, type StrategyOption } from './compare-form';
import { compareProgressView } from './compare-view';
import { useStrategies } from './hooks';
import { CostMetricOptions } from './CostMetricOptions';

export function CompareForm({
  running,
  runError,
  progress,
  onRun,
  onCancel,
}: {
  running: boolean;
  runError: ShownError | null;
  progress: CompareProgress | null;
  onRun: (r: CompareRunRequest) => void;
  onCancel?: (() => void) | undefined;
}) {
  const [form, setForm] = useState<Form>(() => initialCompareForm());
  const [formErrors, setFormErrors] = useState<string[]>([]);
  // The settings answer must not overwrite choices made while it was on its way.
  const touched = useRef(false);
  useSettings((v) => {
    if (touched.current) return;
    const d = initialCompareForm(v.settings);
    setForm((f) => ({ ...f, costMetric: d.costMetric, folds: d.folds, k: d.k }));
  });
  const choices = useRunChoices();
  const profiles = useRouterProfiles();
  const strategies = useStrategies(form.profileId, form.picksJsonl !== '');
  const options = useMemo(() => (strategies.data ? strategyOptions(strategies.data) : []), [strategies.data]);

  function update<K extends keyof Form>(key: K, value: Form[K]) {
    touched.current = true;
    setForm((f) => ({ ...f, [key]: value }));
    setFormErrors([]);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    // Unavailable strategies are never sent (their boxes are disabled, but a default may name one).
    const usable = new Set(options.filter((o) => o.available).map((o) => o.id));
    const built = buildCompareRequest({ ...form, strategies: form.strategies.filter((s) => usable.size === 0 || usable.has(s)) });
    if (!built.ok) return setFormErrors(built.errors);
    setFormErrors([]);
    onRun(built.request);
  }

  const retry = () => (choices.refetch(), strategies.refetch());
  const pv = running && progress ? compareProgressView(progress) : null;
  return (
    <>
      {choices.error ? <InlineError message={`Could not load the runs: ${choices.error.message}`} testId="compare-load-error" onRetry={retry} /> : null}
      <form className="panel" onSubmit={submit} noValidate data-testid="compare-form">
        <fieldset disabled={running} className="plain-fieldset">
          <div className="form-cols">
            <div className="form-section">
              <h3 className="panel-title">Runs</h3>
              <RunPicker groups={choices.data} error={choices.error} picked={form.runIds} onChange={(ids) => update('runIds', ids)} wholeGroups testId="compare" />
            </div>
            <div className="form-section">
              <h3 className="panel-title">Strategies</h3>
              {strategies.error ? <InlineError message={`Could not ask which strategies can run: ${strategies.error.message}`} testId="compare-strategies-error" onRetry={retry} /> : null}
              {strategies.data === undefined ? (
                strategies.error ? null : <p className="muted">Asking which strategies can run…</p>
              ) : (
                <>
                  <ul className="check-list check-list-all" data-testid="compare-strategies">
                    {options.map((o) => (
                      <StrategyItem key={o.id} o={o} checked={form.strategies.includes(o.id)} onChange={(on) => update('strategies', toggled<CompareStrategyId>(form.strategies, o.id, on))} />
                    ))}
                  </ul>
                  <button type="button" className="btn btn-small" onClick={() => update('strategies', defaultStrategies(options))} data-testid="compare-all-strategies">
                    All available
                  </button>
                </>
              )}
            </div>
          </div>
          <ScoringOptions form={form} update={update} profiles={profiles.data ?? []} />
        </fieldset>

        <ErrorList items={formErrors} testId="compare-form-errors" />
        <Refusal title="The comparison did not run." error={runError} testId="compare-error" />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={running || choices.data === undefined} data-testid="compare-run">
            {running ? 'Comparing…' : 'Run comparison'}
          </button>
          <span className="muted">
            {plural(form.runIds.length, 'run')} · {plural(form.strategies.length, 'strategy', 'strategies')}
          </span>
        </div>
        {running ? (
          <div className="section-gap" data-testid="compare-progress" data-phase={progress?.phase ?? 'starting'}>
            <ProgressBar percent={pv?.percent ?? null} label="Comparison progress" />
            <div className="progress-facts muted">{pv?.text ?? 'Starting…'}</div>
            {onCancel ? (
              <button type="button" className="btn" onClick={onCancel} data-testid="compare-cancel">
                Cancel comparison
              </button>
            ) : null}
          </div>
        ) : null}
      </form>
    </>
  );
}

type Update = <K extends keyof Form>(key: K, value: Form[K]) => void;

function ScoringOptions({ form, update, profiles }: { form: Form; update: Update; profiles: ReadonlyArray<{ id: string; name: string; k: number; simulated: boolean }> }) {
  return (
    <div className="form-section options-grid">
      <Option label="Cost metric" help="What the oracle minimises, the router trades accuracy against, and savings and QNC are read on.">
        <select className="input" value={form.costMetric} onChange={(e) => update('costMetric', e.target.value as CostMetricName)} data-testid="compare-cost-metric">
          <CostMetricOptions />
        </select>
      </Option>
      <Option label="Folds (k-fold cross-fitting)" help="The router is scored out of fold: the router profile that routes a prompt never saw it. Needs 2 × folds prompts.">
        <input className="input input-narrow" type="number" min={2} max={20} value={form.folds} onChange={(e) => update('folds', e.target.value)} data-testid="compare-folds" />
      </Option>
      <Option label="K (clusters of each fold’s router profile)" help="“auto” picks K by validation log-loss over 2..20.">
        <input className="input input-narrow" value={form.k} onChange={(e) => update('k', e.target.value)} placeholder="auto" data-testid="compare-k" />
      </Option>
      <Option label="Preferences for the table" help="0 = smallest/fastest … 1 = quality. The charts sweep 0..1 in 101 steps anyway.">
        <input className="input" value={form.preferences} onChange={(e) => update('preferences', e.target.value)} data-testid="compare-preferences" />
      </Option>
      <Option label="Seed">
        <input className="input input-narrow mono" value={form.seed} onChange={(e) => update('seed', e.target.value)} data-testid="compare-seed" />
      </Option>
      <Option label="Groups">
        <select className="input" value={form.groupBy} onChange={(e) => update('groupBy', e.target.value as 'device' | 'run')} data-testid="compare-group-by">
          <option value="device">One per device (runs on the same phone pooled)</option>
          <option value="run">One per run</option>
        </select>
      </Option>
      <Option label="Energy per prompt">
        <select className="input" value={form.energy} onChange={(e) => update('energy', e.target.value as 'gross' | 'net')} data-testid="compare-energy">
          <option value="gross">Gross (what the phone spent in the prompt’s window)</option>
          <option value="net">Net (minus the idle baseline)</option>
        </select>
      </Option>
      <Option label="Stored router profile (for the “profile” strategy)">
        <select className="input" value={form.profileId} onChange={(e) => update('profileId', e.target.value)} data-testid="compare-profile">
          <option value="">None</option>
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} · K {p.k}
              {p.simulated ? ' · simulated' : ''}
            </option>
          ))}
        </select>
      </Option>
      <Option label="Picks file (for the “picks” strategy; your router program needs the CLI's --router-cmd)">
        <input
          className="input"
          type="file"
          accept=".jsonl,.json,.txt,application/json"
          data-testid="compare-picks-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (!file) return update('picksJsonl', '');
            void file.text().then((text) => {
              update('picksJsonl', text);
              update('picksFileName', file.name);
            });
          }}
        />
      </Option>
    </div>
  );
}

function StrategyItem({ o, checked, onChange }: { o: StrategyOption; checked: boolean; onChange: (on: boolean) => void }) {
  return (
    <li>
      <label className={o.available ? '' : 'muted'} data-testid="strategy-option" data-strategy={o.id} data-available={o.available} title={o.description}>
        <input type="checkbox" checked={checked && o.available} disabled={!o.available} onChange={(e) => onChange(e.target.checked)} />
        <span>
          <strong>{o.label}</strong> <span className="muted">{o.description}</span>
          {o.reason ? (
            <span className="hint hint-warn" data-testid="strategy-reason">
              {' '}
              {o.reason}
              {o.settingsLink ? (
                <>
                  {' '}
                  <a href={pageHref('settings')} data-testid="strategy-settings-link">
                    Open Settings
                  </a>
                </>
              ) : null}
            </span>
          ) : null}
        </span>
      </label>
    </li>
  );
}
