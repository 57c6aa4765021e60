import type { MethodValidation, ValidationFailure } from '@portico/engine-validation';
import { bufferBody } from './iam/buffer-body.js';
import type { Invocation } from './invocation.js';
import { refusal, type Refusal } from './refusal.js';
import type { RestStep } from './rest-step.js';

const TOO_LARGE = refusal('REQUEST_TOO_LARGE');

/**
 * The method's request validator as a step (spec §7.2): required parameters first (BAD_REQUEST_PARAMETERS), then
 * the body against the model its media type selects (BAD_REQUEST_BODY). Only a method whose validator checks a
 * body with a model buffers the body, and hands the integration a replay of the same bytes; parameter-only
 * validation stays synchronous.
 */
export function requestValidationStep(validation: MethodValidation, maxBodyBytes: number): RestStep {
  const { checkParameters, checkBody } = validation;
  const refuse = (invocation: Invocation, failure: ValidationFailure): Refusal => {
    invocation.validationErrorString = failure.validationErrorString;
    return refusal(failure.type, { message: failure.message });
  };
  return (invocation) => {
    if (checkParameters) {
      const failure = checkParameters(invocation);
      if (failure) return refuse(invocation, failure);
    }
    if (!checkBody) return undefined;
    const contentType = invocation.headers['content-type'];
    if (!invocation.body) {
      const failure = checkBody(contentType, EMPTY);
      return failure && refuse(invocation, failure);
    }
    return bufferBody(invocation.body, maxBodyBytes).then((buffered) => {
      if (!buffered) return TOO_LARGE;
      invocation.body = buffered.replay;
      const failure = checkBody(contentType, buffered.bytes);
      return failure && refuse(invocation, failure);
    });
  };
}

const EMPTY = Buffer.alloc(0);
