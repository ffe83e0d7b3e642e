import { Link } from '@backstage/core-components';
import { shortSha } from '../../format';
import { useTextStyles } from './textStyles';

/** A commit's short SHA, linked to the commit when its forge is known. */
export function CommitSha(props: { sha?: string; url?: string }) {
  const text = useTextStyles();
  return props.url ? (
    <Link to={props.url} className={text.monoNowrap}>
      {shortSha(props.sha)}
    </Link>
  ) : (
    <span className={text.monoNowrap}>{shortSha(props.sha)}</span>
  );
}
