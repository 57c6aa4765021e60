import { badRequest, type VpcLinkConfig } from '@portico/contracts';
import { LIMITS } from '../../common/limits.js';

/** The tag of a link whose target is an NLB ARN: the NLB's targets, `host:port` entries separated by commas or spaces. */
export const TARGETS_TAG = 'portico:targets';

/** An NLB's ARN, as CreateVpcLink takes it (`…:loadbalancer/net/{name}/{id}`). */
const NLB_ARN = /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/net\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{1,32}$/;
/** A target Portico reaches directly: a DNS name, an IPv4 address or a bracketed IPv6 address, and a port. */
const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]{0,252}[A-Za-z0-9])?):([0-9]{1,5})$/;

export type Target = VpcLinkConfig['targets'][number];

function parseHostPort(text: string): Target | undefined {
  const m = HOST_PORT.exec(text);
  if (!m) return undefined;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return undefined;
  return { host: m[1].startsWith('[') ? m[1].slice(1, -1) : m[1], port };
}

/**
 * What CreateVpcLink accepts in `targetArns` (README "VPC links"): one NLB ARN, whose targets the link's
 * `portico:targets` tag names (as AWS, one ARN per link: "More than one target arn specified for vpc link."), or
 * one or more `host:port` targets named directly (Portico's own form, for links without a load balancer).
 */
export function checkTargetArns(targetArns: readonly string[]): void {
  if (targetArns.length === 0) throw badRequest('Target arns must be specified for vpc link.');
  if (targetArns.length > LIMITS.listEntries) throw badRequest(`Too many target arns: at most ${LIMITS.listEntries} are allowed`);
  const arns = targetArns.filter((entry) => entry.startsWith('arn:'));
  if (arns.length > 0 && targetArns.length > 1) throw badRequest('More than one target arn specified for vpc link.');
  for (const entry of targetArns) {
    if (entry.startsWith('arn:') ? !NLB_ARN.test(entry) : parseHostPort(entry) === undefined) {
      throw badRequest(`Invalid target arn specified: ${entry}. Use a network load balancer ARN or a host:port target`);
    }
  }
}

/**
 * The targets a link reaches, or why it reaches none (its status is then FAILED with that message). Resolved when
 * read, so that a TagResource changing `portico:targets` re-targets the link as soon as data planes load it.
 */
export function resolveTargets(targetArns: readonly string[], tags: Readonly<Record<string, string>>): { ok: true; targets: Target[] } | { ok: false; message: string } {
  if (targetArns.length === 1 && targetArns[0].startsWith('arn:')) return targetsOfTag(tags, `The network load balancer ${targetArns[0]} has no targets`);
  const targets = targetArns.map(parseHostPort);
  if (targets.some((t) => t === undefined)) return { ok: false, message: 'Invalid target arns' };
  return { ok: true, targets: targets as Target[] };
}

/**
 * The targets a link's `portico:targets` tag lists (`host:port` entries separated by commas or spaces), or why it
 * lists none: `missing` says what has no targets. REST links for an NLB ARN and every v2 link resolve this way.
 */
export function targetsOfTag(tags: Readonly<Record<string, string>>, missing: string): { ok: true; targets: Target[] } | { ok: false; message: string } {
  const listed = tags[TARGETS_TAG];
  if (listed === undefined || listed.trim() === '') return { ok: false, message: `${missing}: tag the VPC link with ${TARGETS_TAG} = host:port[,host:port…]` };
  const targets: Target[] = [];
  for (const entry of listed.split(/[\s,]+/).filter(Boolean)) {
    const target = parseHostPort(entry);
    if (!target) return { ok: false, message: `Invalid target ${JSON.stringify(entry)} in the ${TARGETS_TAG} tag: use host:port` };
    targets.push(target);
  }
  return { ok: true, targets };
}
