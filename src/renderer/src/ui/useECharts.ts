/**
 * A small ECharts binding: init once on the container, `setOption` whenever the option changes, resize with the
 * container, dispose on unmount. Only the pieces the lab uses are registered, which keeps the bundle small.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import * as echarts from 'echarts/core';
import { CHART_PARTS } from '../../../shared/charts/echarts-parts';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([...CHART_PARTS, CanvasRenderer]);

export interface ECharts {
  /** Callback ref for the chart's container element (give it a height in CSS). */
  attach: (el: HTMLDivElement | null) => void;
  /** The chart as a PNG data URL (2x pixel ratio), or null before it exists. */
  toPng: (backgroundColor?: string) => string | null;
}

export function useECharts(option: echarts.EChartsCoreOption): ECharts {
  // The container as state: the chart is created once the element is attached.
  const [container, setContainer] = useState<HTMLDivElement | null>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);
  const optionRef = useRef(option);

  useEffect(() => {
    optionRef.current = option;
    // Merge (not replace) so the user's zoom and legend selection survive live updates.
    chartRef.current?.setOption(option, { lazyUpdate: true });
  }, [option]);

  useEffect(() => {
    if (!container) return;
    const chart = echarts.init(container, null, { renderer: 'canvas' });
    chartRef.current = chart;
    chart.setOption(optionRef.current);
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(container);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, [container]);

  const toPng = useCallback((backgroundColor = '#ffffff') => {
    const chart = chartRef.current;
    if (!chart) return null;
    return chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor });
  }, []);

  return { attach: setContainer, toPng };
}
