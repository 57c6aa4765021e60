import type { Step } from '@portico/gateway-core';
import type { IntegrationOutcome } from '@portico/engine-integrations';
import type { Invocation } from './invocation.js';
import type { Refusal } from './refusal.js';

/**
 * What a REST step answers with instead of continuing: a refusal (rendered as the stage's gateway response), or
 * the integration's outcome (it responded, or failed and the stage renders the gateway response for that).
 */
export type StepAnswer = Refusal | IntegrationOutcome;

/** One step of a REST method's plan (access, authorization, usage plan, integration), run in list order. */
export type RestStep = Step<Invocation, StepAnswer>;
