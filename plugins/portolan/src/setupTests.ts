import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Component tests render whole MUI trees; on a shared 2-core CI machine a
// few take longer than the defaults (5 s per test, 1 s per findBy/waitFor).
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 5_000 });
