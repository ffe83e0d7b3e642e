import { isPortolanAvailable } from './isPortolanAvailable';
import { storefrontEntity } from './__fixtures__/entity';

describe('isPortolanAvailable', () => {
  it('is true for Components only', () => {
    expect(isPortolanAvailable(storefrontEntity)).toBe(true);
    expect(isPortolanAvailable({ ...storefrontEntity, kind: 'Resource' })).toBe(
      false,
    );
  });
});
