import { DATA_PLANE_FORGET_MS, DataPlaneRegistry, statusUrl } from './data-plane-registry.js';

describe('DataPlaneRegistry', () => {
  it('turns an advertised port into a URL on the address the request came from, or takes a URL as given', () => {
    expect(statusUrl('8082', '10.0.0.5')).toBe('http://10.0.0.5:8082');
    expect(statusUrl('8082', '::ffff:10.0.0.5')).toBe('http://10.0.0.5:8082');
    expect(statusUrl('8082', '::1')).toBe('http://[::1]:8082');
    expect(statusUrl('http://dp-1.internal:8082', '10.0.0.5')).toBe('http://dp-1.internal:8082');
    expect(statusUrl('0', '10.0.0.5')).toBeUndefined();
    expect(statusUrl('http://dp/path', '10.0.0.5')).toBeUndefined();
    expect(statusUrl('javascript:alert(1)', '10.0.0.5')).toBeUndefined();
    expect(statusUrl(undefined, '10.0.0.5')).toBeUndefined();
  });

  it('forgets data planes not heard from for two minutes', () => {
    const registry = new DataPlaneRegistry();
    registry.record('8082', '127.0.0.1', 0);
    registry.record('http://dp-2:8082', '10.0.0.9', 60_000);
    expect(registry.statusUrls(60_000)).toEqual(['http://127.0.0.1:8082', 'http://dp-2:8082']);
    expect(registry.statusUrls(DATA_PLANE_FORGET_MS + 1)).toEqual(['http://dp-2:8082']);
  });

  it('maps a replica id (x-portico-replica) to its status URL, and forgets it with the data plane', () => {
    const registry = new DataPlaneRegistry();
    registry.record('8082', '10.0.0.5', 0, '0123456789abcdef');
    registry.record('8082', '10.0.0.6', 0, 'not-an-id');
    expect(registry.statusUrlOf('0123456789abcdef', 1)).toBe('http://10.0.0.5:8082');
    expect(registry.statusUrlOf('not-an-id', 1)).toBeUndefined();
    expect(registry.statusUrlOf('0123456789abcdef', DATA_PLANE_FORGET_MS + 1)).toBeUndefined();
  });
});
