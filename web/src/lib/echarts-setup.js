// The parts of Apache ECharts the UI draws with (tree-shaken: only these are bundled), in
// their own chunk, loaded by lib/chart.jsx when a page first shows a chart.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, SankeyChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, SankeyChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent,
  CanvasRenderer, SVGRenderer]);

export { echarts };
