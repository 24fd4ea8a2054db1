import type { ModuleDefinition } from '../engine/modules/module-api';
import { addHostvarsModule } from './add-hostvars';
import { assertModule } from './assert';
import { commandModule } from './command';
import { copyModule } from './copy';
import { fetchModule } from './fetch';
import { genCertModule } from './gen-cert';
import { httpGetFileModule } from './http-get-file';
import { imageModule } from './image';
import { prometheusModule } from './prometheus';
import { rebootModule } from './reboot';
import { templateModule } from './template';
import { debugModule } from './debug';
import { failModule } from './fail';
import { includeVarsModule } from './include-vars';
import { resultModule } from './result';
import { setFactModule } from './set-fact';
import { setupModule } from './setup';
import { waitForConnectionModule } from './wait-for-connection';

/** Every builtin module; each registers exactly as a plugin module would. */
export const builtinModules: readonly ModuleDefinition[] = [
  commandModule,
  debugModule,
  assertModule,
  failModule,
  setFactModule,
  addHostvarsModule,
  includeVarsModule,
  resultModule,
  setupModule,
  copyModule,
  templateModule,
  fetchModule,
  genCertModule,
  httpGetFileModule,
  imageModule,
  prometheusModule,
  rebootModule,
  waitForConnectionModule,
];
