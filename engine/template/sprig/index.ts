/**
 * The Sprig v3.2.3 function map (`sprig.TxtFuncMap()`), minus `env` and `expandenv`: templates
 * must not read the controller's environment.
 */
import { fn, type FunctionMap } from '../function-types';
import { stringFunctions } from './strings';
import { conversionFunctions } from './conversion';
import { defaultFunctions } from './defaults';
import { jsonFunctions } from './json';
import { numericFunctions } from './numeric';
import { cryptoFunctions } from './crypto';
import { listFunctions } from './lists';
import { dictFunctions } from './dicts';
import { regexFunctions } from './regex';
import { semverFunctions } from './semver';
import { encodingFunctions } from './encoding';
import { dateFunctions } from './dates';
import { urlFunctions } from './url';
import { reflectFunctions } from './reflect';
import { randomFunctions } from './random';
import { pathFunctions } from './paths';
import { networkFunctions } from './network';

/** Sprig's sample function, kept because templates can observe it. */
const greetingFunctions: FunctionMap = {
  hello: fn([], () => 'Hello!'),
};

export const sprigFunctions: FunctionMap = {
  ...stringFunctions,
  ...conversionFunctions,
  ...defaultFunctions,
  ...jsonFunctions,
  ...numericFunctions,
  ...cryptoFunctions,
  ...listFunctions,
  ...dictFunctions,
  ...regexFunctions,
  ...semverFunctions,
  ...encodingFunctions,
  ...dateFunctions,
  ...urlFunctions,
  ...reflectFunctions,
  ...randomFunctions,
  ...pathFunctions,
  ...networkFunctions,
  ...greetingFunctions,
};
