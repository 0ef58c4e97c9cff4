import type { ReactNode } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { downloadUrl } from './download';
import { useECharts } from './useECharts';

/**
 * A panel with one ECharts chart and a "Save PNG" button. Key it by what it shows when the series set can change
 * (the chart merges options, so a remount drops series that are gone).
 */
export function ChartPanel({
  title,
  option,
  fileName,
  testId,
  empty,
  tall,
  extra,
  actions,
  notice,
  canSave,
  children,
  data,
}: {
  title: ReactNode;
  option: EChartsCoreOption;
  /** PNG file name (with .png), or a function giving it at the moment of saving (a time stamp). */
  fileName: string | (() => string);
  testId: string;
  /** Shown over the chart when there is nothing to draw; also disables Save PNG. */
  empty?: string | null;
  tall?: boolean;
  /** In the header, after the title. */
  extra?: ReactNode;
  /** In the header, before Save PNG. */
  actions?: ReactNode;
  /** Between the header and the chart (a load error). */
  notice?: ReactNode;
  /** Whether Save PNG is offered; by default whenever the chart is not empty. */
  canSave?: boolean;
  children?: ReactNode;
  /** Extra data-* attributes for tests. */
  data?: Record<string, string | number | boolean>;
}) {
  const { attach, toPng } = useECharts(option);
  const attrs = Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, String(v)]));
  return (
    <section className="panel chart-panel" data-testid={testId} {...attrs}>
      <div className="panel-head">
        <h3 className="panel-title">{title}</h3>
        {extra}
        <span className="strip-spacer" />
        {actions}
        <button
          type="button"
          className="btn btn-small"
          disabled={!(canSave ?? !empty)}
          onClick={() => {
            const url = toPng();
            if (url) downloadUrl(url, typeof fileName === 'function' ? fileName() : fileName);
          }}
          data-testid={`${testId}-png`}
        >
          Save PNG
        </button>
      </div>
      {notice}
      <div className="chart-box">
        <div className={tall ? 'chart chart-tall' : 'chart'} ref={attach} data-testid={`${testId}-canvas`} />
        {empty ? <div className="chart-empty muted">{empty}</div> : null}
      </div>
      {children}
    </section>
  );
}
