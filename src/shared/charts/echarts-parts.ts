/**
 * The ECharts chart types and components the lab's charts use, registered alike by the page (canvas) and by the
 * headless renderer (SVG), so a chart that draws in one draws in the other. Every type the builders here use is
 * in the list: bar (the seed's charts), boxplot (latency), custom (whiskers), heatmap, line, scatter.
 */
import { BarChart, BoxplotChart, CustomChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';

export const CHART_PARTS = [
  BarChart,
  BoxplotChart,
  CustomChart,
  HeatmapChart,
  LineChart,
  ScatterChart,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
];
