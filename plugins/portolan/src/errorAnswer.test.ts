import { backendError } from './__testUtils__/renderPortolan';
import { backendMessage, errorStatus } from './errorAnswer';

describe('errorAnswer', () => {
  it('reads the status and the backend’s message of a ResponseError', async () => {
    const error = await backendError(
      403,
      'NotAllowedError',
      'Not allowed: portolan.entity.read',
    );
    expect(errorStatus(error)).toBe(403);
    expect(backendMessage(error)).toBe('Not allowed: portolan.entity.read');
  });

  it('falls back to the message of any other error', () => {
    const error = new Error('Failed to fetch');
    expect(errorStatus(error)).toBeUndefined();
    expect(errorStatus(undefined)).toBeUndefined();
    expect(backendMessage(error)).toBe('Failed to fetch');
  });
});
