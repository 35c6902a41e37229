import { useTitle } from '../hooks.ts';
import { hrefOf } from '../router.ts';

export function NotFound({ path }: { path: string }) {
  useTitle('Not found');
  return (
    <section>
      <h1>Nothing at {path}</h1>
      <p>Go to the <a href={hrefOf.overview()}>overview</a> or the <a href={hrefOf.campaigns()}>campaigns</a>.</p>
    </section>
  );
}
