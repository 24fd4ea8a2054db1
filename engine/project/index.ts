export { loadProject, projectRoot } from './loader';
export type { LoadProjectOptions, LoadProjectResult } from './loader';
export { createSchemaChecker, readModuleSchemas, schemasDir, toJsonData } from './schema-check';
export type { JsonSchema, ModuleSchemaChecker, ArgumentProblem } from './schema-check';
export type { TemplateService } from './template-bridge';
export * from './model';
