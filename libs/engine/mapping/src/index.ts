export { compileTemplate, isStaticTemplate, MAX_FOREACH_ITERATIONS, MAX_TEMPLATE_BYTES } from './compile-template.js';
export type { CompiledTemplate, CompileTemplateResult, RenderResult, TemplateInput, TemplateOverrides } from './compile-template.js';
export { chooseResponseTemplate, compileRequestTemplates, compileTemplateMap, mediaTypeOf } from './select-template.js';
export type { CompileTemplatesResult, PassthroughBehavior, RequestTemplateChoice, RequestTemplates } from './select-template.js';
export { contextObject } from './context-object.js';
export type { TemplateParams } from './input-variable.js';
export { compileJsonPath } from './json-path.js';
export type { CompiledJsonPath } from './json-path.js';
export { base64Decode, base64Encode, escapeJavaScript, parseJson, urlDecode, urlEncode } from './util-functions.js';
