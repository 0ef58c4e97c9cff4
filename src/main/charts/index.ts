/** Charts without a window: ECharts options rendered to SVG and PNG on the server side, with shipped fonts. */
export * from './fonts';
export * from './render';
export * from './latency-stats';
