/** `models`: the model ids runs and campaigns take, with size, family, capabilities and where each can run. */
import type { Command } from 'commander';
import { openOfflineLab, withLab } from '../lab-from-options';
import { formatOption } from '../options';
import { printJson, printRows } from '../output';
import { modelsTable } from '../views/models';

export function registerModelsCommand(program: Command): void {
  program
    .command('models')
    .description('list the model ids `run`, `profile` and --models take: size, family, capabilities, and the engines that can run each')
    .option('--json', 'print the catalogue as JSON (the API objects: capabilities as a list)')
    .option('--format <format>', 'table, csv or md', formatOption)
    .action(async (opts: { json?: boolean; format?: 'table' | 'csv' | 'md' }, cmd: Command) =>
      withLab(openOfflineLab(cmd), async (lab) => {
        const models = await lab.api.runs.models({});
        if (opts.json) return printJson(models);
        printRows(modelsTable(models), opts);
        if (opts.format && opts.format !== 'table') return;
        process.stdout.write(
          '\nVirtual phones run every model with a simulated engine (results flagged simulated). Real phones run Cactus ' +
            'with the weights in the lab cache, or a folder given with --model-dir ID=DIR.\n',
        );
      }),
    );
}
