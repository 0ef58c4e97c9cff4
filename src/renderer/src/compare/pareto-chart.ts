/** The Pareto chart's option builder lives in src/shared/charts so the page and the headless charts draw the same option. */
export * from '../../../shared/charts/pareto';
