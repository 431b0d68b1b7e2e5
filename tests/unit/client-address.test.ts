// Which address the per-address rate limits count a request against.
import { afterEach, describe, expect, it } from 'vitest';
import { clientIp } from '#shared/http/client-address.ts';

const request = (headers: Record<string, string> = {}) => ({ requestContext: { http: { sourceIp: '130.176.1.1' } }, headers }) as Parameters<typeof clientIp>[0];

describe('the client address', () => {
  afterEach(() => {
    delete process.env.BATON_EDGE_SECRET;
  });

  it('is the connection’s address when no edge secret is configured, whatever the headers say', () => {
    expect(clientIp(request({ 'cloudfront-viewer-address': '198.51.100.7:4711', 'x-forwarded-for': '203.0.113.9' }))).toBe('130.176.1.1');
  });

  it('is the viewer address CloudFront measured when the request carries the edge secret (IPv4 and IPv6)', () => {
    process.env.BATON_EDGE_SECRET = 'the-secret';
    expect(clientIp(request({ 'x-baton-edge-secret': 'the-secret', 'cloudfront-viewer-address': '198.51.100.7:4711' }))).toBe('198.51.100.7');
    expect(clientIp(request({ 'x-baton-edge-secret': 'the-secret', 'cloudfront-viewer-address': '2001:db8::7:4711' }))).toBe('2001:db8::7');
  });

  it('ignores the viewer address without the right secret, and falls back when CloudFront sent none', () => {
    process.env.BATON_EDGE_SECRET = 'the-secret';
    expect(clientIp(request({ 'x-baton-edge-secret': 'a-guess', 'cloudfront-viewer-address': '198.51.100.7:4711' }))).toBe('130.176.1.1');
    expect(clientIp(request({ 'cloudfront-viewer-address': '198.51.100.7:4711' }))).toBe('130.176.1.1');
    expect(clientIp(request({ 'x-baton-edge-secret': 'the-secret' }))).toBe('130.176.1.1');
    expect(clientIp(request({ 'x-baton-edge-secret': 'the-secret', 'cloudfront-viewer-address': 'garbage' }))).toBe('130.176.1.1');
  });
});
