/** The functions KubeKey adds to Sprig's map (include/tpl live with the executor). */

import type { FunctionMap } from '../function-types';
import { miscFunctions } from './misc';
import { networkFunctions } from './network';
import { tomlFunctions } from './toml';
import { yamlFunctions } from './yaml';

export const kubekeyFunctions: FunctionMap = {
  ...yamlFunctions,
  ...tomlFunctions,
  ...networkFunctions,
  ...miscFunctions,
};
