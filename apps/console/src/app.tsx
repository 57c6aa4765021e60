import { ActionIcon, AppShell, Button, Code, Group, Loader, NavLink, Text, Title, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import type { ConsoleSessionWire } from '@portico/admin-wire';
import { lazy, Suspense, useEffect, useState } from 'react';
import { signOut, storedSession, whenSessionEnds } from './api';
import { ApisPage } from './pages/apis-page';
import { SignInPage } from './pages/sign-in-page';
import { href, useRoute } from './router';

// The pages past the first are loaded when first opened: the first load fetches the sign-in and API list only.
const ApiPage = lazy(() => import('./pages/api-page').then((m) => ({ default: m.ApiPage })));
const HttpApisPage = lazy(() => import('./pages/http/http-apis-page').then((m) => ({ default: m.HttpApisPage })));
const HttpApiPage = lazy(() => import('./pages/http/http-api-page').then((m) => ({ default: m.HttpApiPage })));
const WebSocketApisPage = lazy(() => import('./pages/websocket/websocket-apis-page').then((m) => ({ default: m.WebSocketApisPage })));
const WebSocketApiPage = lazy(() => import('./pages/websocket/websocket-api-page').then((m) => ({ default: m.WebSocketApiPage })));
const VpcLinksPage = lazy(() => import('./pages/vpc-links-page').then((m) => ({ default: m.VpcLinksPage })));
const ApiKeysPage = lazy(() => import('./pages/api-keys-page').then((m) => ({ default: m.ApiKeysPage })));
const UsagePlansPage = lazy(() => import('./pages/usage-plans-page').then((m) => ({ default: m.UsagePlansPage })));
const RequestsPage = lazy(() => import('./pages/requests-page').then((m) => ({ default: m.RequestsPage })));

export function App() {
  const [session, setSession] = useState<ConsoleSessionWire | undefined>(storedSession);
  const route = useRoute();
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  useEffect(() => whenSessionEnds(() => setSession(undefined)), []);

  if (!session) return <SignInPage onSignedIn={setSession} />;
  const section = route[0] ?? 'apis';
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm' }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Title order={1} size="h3">
            Portico console
          </Title>
          <Group>
            <Code data-testid="principal" aria-label="Signed in as">
              {session.principal.arn}
            </Code>
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={`Switch to ${scheme === 'dark' ? 'light' : 'dark'} theme`}
              onClick={() => setColorScheme(scheme === 'dark' ? 'light' : 'dark')}
            >
              {scheme === 'dark' ? '☀' : '☾'}
            </ActionIcon>
            <Button
              variant="default"
              onClick={async () => {
                await signOut().catch(() => undefined);
                setSession(undefined);
              }}
            >
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Sections">
        <NavLink href={href('apis')} label="REST APIs" active={section === 'apis'} />
        <NavLink href={href('httpapis')} label="HTTP APIs" active={section === 'httpapis'} />
        <NavLink href={href('websocketapis')} label="WebSocket APIs" active={section === 'websocketapis'} />
        <NavLink href={href('vpclinks')} label="VPC links" active={section === 'vpclinks'} />
        <NavLink href={href('apikeys')} label="API keys" active={section === 'apikeys'} />
        <NavLink href={href('usageplans')} label="Usage plans" active={section === 'usageplans'} />
        <NavLink href={href('requests')} label="Explain a request" active={section === 'requests'} />
        <Text size="xs" c="dimmed" mt="md" px="sm">
          Session ends {new Date(session.expiresAt * 1000).toLocaleTimeString()}
        </Text>
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<Loader aria-label="Loading the page" />}>
        {section === 'apis' && route[1] ? <ApiPage restApiId={route[1]} tab={route[2] ?? 'resources'} /> : null}
        {section === 'apis' && !route[1] ? <ApisPage /> : null}
        {section === 'httpapis' && route[1] ? <HttpApiPage apiId={route[1]} tab={route[2] ?? 'routes'} /> : null}
        {section === 'httpapis' && !route[1] ? <HttpApisPage /> : null}
        {section === 'websocketapis' && route[1] ? <WebSocketApiPage apiId={route[1]} tab={route[2] ?? 'routes'} /> : null}
        {section === 'websocketapis' && !route[1] ? <WebSocketApisPage /> : null}
        {section === 'vpclinks' ? <VpcLinksPage /> : null}
        {section === 'apikeys' ? <ApiKeysPage /> : null}
        {section === 'usageplans' ? <UsagePlansPage planId={route[1]} /> : null}
        {section === 'requests' ? <RequestsPage key={route[1] ?? ''} requestId={route[1]} /> : null}
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
