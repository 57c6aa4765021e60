import { Badge, Button, Code, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import type { DecisionTrailWire, TrailStep } from '@portico/admin-wire';
import { useEffect, useState } from 'react';
import { get, seg } from '../api';
import { ErrorAlert } from '../components/error-alert';
import { useAction } from '../components/use-action';
import { navigate } from '../router';

/** The fields of a step worth a column of their own; the rest of its details are listed after them. */
const DETAIL_ORDER: (keyof TrailStep)[] = ['decision', 'reason', 'resourcePath', 'routeKey', 'policy', 'statementSid', 'statementIndex', 'principalArn', 'authorizerId', 'authorizerType', 'cached', 'apiKeyId', 'usagePlanId', 'level', 'rateLimit', 'burstLimit', 'quotaLimit', 'quotaPeriod', 'responseType'];

function details(step: TrailStep): string {
  const known = new Set<string>(['step', 'outcome']);
  const parts: string[] = [];
  const entries = Object.entries(step) as [keyof TrailStep, unknown][];
  const ordered = [...DETAIL_ORDER.filter((k) => step[k] !== undefined).map((k) => [k, step[k]] as const), ...entries.filter(([k]) => !DETAIL_ORDER.includes(k))];
  for (const [key, value] of ordered) {
    if (known.has(key) || value === undefined) continue;
    parts.push(`${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  }
  return parts.join(' · ');
}

const outcomeColor = (outcome: TrailStep['outcome']) => (outcome === 'refused' || outcome === 'failed' ? 'red' : outcome === 'not-found' ? 'orange' : 'green');

/**
 * "Why was this request refused?": the decision trail of a gateway-generated answer by the `x-amzn-RequestId` the
 * caller got (`GET /portico/requests/{id}`). The id can come in the route (`#/requests/<id>`), so a link explains.
 */
export function RequestsPage({ requestId }: { requestId?: string }) {
  const [id, setId] = useState(requestId ?? '');
  const [trail, setTrail] = useState<DecisionTrailWire>();
  const lookup = useAction();
  const explain = (wanted: string) =>
    void lookup.run(async () => {
      setTrail(undefined);
      setTrail(await get<DecisionTrailWire>(`/portico/requests/${seg(wanted)}`));
    });
  // The page is keyed by the id in the route: each id mounts it afresh and is looked up once.
  useEffect(() => {
    if (requestId) explain(requestId);
  }, []);
  return (
    <Stack>
      <Title order={2}>Explain a request</Title>
      <Text size="sm" c="dimmed">
        Every answer the gateway makes itself (a refusal, a throttle, a missing route, a failed integration) is kept by
        the data plane that made it, by its <Code>x-amzn-RequestId</Code>, for the retention the data planes are set to.
      </Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (id.trim() === '') return;
          navigate('requests', id.trim());
        }}
      >
        <Group align="end">
          <TextInput label="Request ID" required value={id} onChange={(e) => setId(e.currentTarget.value)} w={380} />
          <Button type="submit" loading={lookup.busy}>
            Explain
          </Button>
        </Group>
      </form>
      <ErrorAlert error={lookup.error} />
      {trail ? (
        <Stack gap="xs" data-testid="decision-trail">
          <Group>
            <Badge color={trail.status >= 500 ? 'red' : trail.status >= 400 ? 'orange' : 'green'} size="lg" aria-label="Status">
              {trail.status}
            </Badge>
            <Code data-testid="decision" aria-label="Decision">
              {trail.decision}
            </Code>
            <Text size="sm">decided by {trail.decidedBy}</Text>
          </Group>
          <Text size="sm">
            {trail.httpMethod} <Code>{trail.path}</Code> · {trail.apiType} API {trail.apiId ?? '(none)'}
            {trail.stage ? ` · stage ${trail.stage}` : ''} · {trail.time}
          </Text>
          <Table striped aria-label="Decision steps">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Step</Table.Th>
                <Table.Th>Outcome</Table.Th>
                <Table.Th>Details</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {trail.steps.map((step, i) => (
                <Table.Tr key={i}>
                  <Table.Td>{step.step}</Table.Td>
                  <Table.Td>
                    <Badge color={outcomeColor(step.outcome)} variant="light">
                      {step.outcome}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{details(step)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      ) : null}
    </Stack>
  );
}
