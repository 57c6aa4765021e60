import { Badge, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import type { Page, VpcLinkWire } from '@portico/admin-wire';
import { useState } from 'react';
import { del, get, post, seg } from '../api';
import { CreateForm } from '../components/create-form';
import { EntityTable } from '../components/entity-table';
import { useLoad } from '../components/use-load';

const STATUS_COLORS: Record<VpcLinkWire['status'], string> = { AVAILABLE: 'green', PENDING: 'yellow', DELETING: 'gray', FAILED: 'red' };

/**
 * REST API VPC links (`/vpclinks`): a link names its backend in `targetArns`, an NLB ARN (whose targets the
 * link's `portico:targets` tag lists) or `host:port` entries; integrations reach it with connectionType VPC_LINK.
 */
export function VpcLinksPage() {
  const links = useLoad(() => get<Page<VpcLinkWire>>('/vpclinks?limit=500'), []);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [targets, setTargets] = useState('');
  return (
    <Stack>
      <Title order={2}>VPC links</Title>
      <CreateForm
        title="Create a VPC link"
        submitLabel="Create VPC link"
        stacked
        onSubmit={async () => {
          await post<VpcLinkWire>('/vpclinks', {
            name,
            targetArns: targets.split(/[\s,]+/).filter(Boolean),
            ...(description && { description }),
          });
          setName('');
          setDescription('');
          setTargets('');
          links.reload();
        }}
      >
        <TextInput label="VPC link name" required value={name} onChange={(e) => setName(e.currentTarget.value)} w={320} />
        <TextInput label="VPC link description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} w={480} />
        <Textarea
          label="Target ARNs"
          description="One network load balancer ARN, or host:port targets (one per line)"
          placeholder="arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/net/backend/0123456789abcdef"
          required
          autosize
          minRows={2}
          value={targets}
          onChange={(e) => setTargets(e.currentTarget.value)}
          w={640}
        />
      </CreateForm>
      <EntityTable
        label="VPC links"
        rows={links.value?.item}
        error={links.error}
        rowKey={(l) => l.id}
        empty="No VPC links yet."
        columns={[
          { header: 'Name', cell: (l) => l.name },
          { header: 'ID', cell: (l) => <code>{l.id}</code> },
          { header: 'Targets', cell: (l) => l.targetArns.map((t) => <div key={t}><code>{t}</code></div>) },
          {
            header: 'Status',
            cell: (l) => (
              <Stack gap={2}>
                <Badge color={STATUS_COLORS[l.status]} data-testid={`vpc-link-status-${l.name}`}>
                  {l.status}
                </Badge>
                {l.statusMessage ? <Text size="xs">{l.statusMessage}</Text> : null}
              </Stack>
            ),
          },
        ]}
        deleteWhat={(l) => `VPC link ${l.name}`}
        onDelete={async (l) => (await del(`/vpclinks/${seg(l.id)}`), links.reload())}
      />
    </Stack>
  );
}
