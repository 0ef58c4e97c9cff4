/** Chart option builders shared by the UI and the headless renderer (src/main/charts). Pure: no DOM, no echarts runtime. */
export * from './common';
export * from './rows';
export * from './model-size-distribution';
export * from './savings-breakdown';
export * from './strategy-comparison';
export * from './latency-distribution';
export * from './chart-set';
export * from './pareto';
