export { SnapshotValidators } from './compile-request-validation.js';
export type { CompileValidationResult, MethodValidation, ValidatedRequest, ValidationFailure } from './compile-request-validation.js';
