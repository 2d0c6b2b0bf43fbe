import { useCallback, useEffect, useRef, useState } from 'react';
import { useBlocker, type BlockerFunction } from 'react-router';

export const UNSAVED_CHANGES_QUESTION = 'Vous avez des modifications non enregistrées. Quitter la page sans les enregistrer ?';

/**
 * While `dirty`, leaving the page asks first: in-app navigation through the router (links,
 * back button) with a confirmation, and closing or reloading the tab with the browser's own
 * « leave the page? » (browsers show their text, not ours).
 *
 *   const guard = useUnsavedChangesGuard(JSON.stringify(values) !== savedSnapshot);
 *   guard.release(); navigate(`/demandes/${id}`);   // after a save, in the same tick
 */
export function useUnsavedChangesGuard(dirty: boolean): { release: () => void } {
  // A ref, not the render's value: a save followed by a navigation in the same tick must
  // not be stopped by the state of the render before the save.
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  const blocker = useBlocker(useCallback<BlockerFunction>(({ currentLocation, nextLocation }) => dirtyRef.current && currentLocation.pathname !== nextLocation.pathname, []));
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    if (window.confirm(UNSAVED_CHANGES_QUESTION)) blocker.proceed();
    else blocker.reset();
  }, [blocker]);
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => { event.preventDefault(); event.returnValue = ''; };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  return { release: useCallback(() => { dirtyRef.current = false; }, []) };
}

/**
 * The guard for a form whose values are also set by the page itself (loading, prefilling):
 * only what the user types or picks marks it dirty, caught as the input events bubble.
 *
 *   const guard = useTypedChangesGuard();
 *   <div onInput={guard.touched}><Form …/></div>
 *   guard.release(); notify(`/acte-ii/contrats/${saved.id}`, …);
 */
export function useTypedChangesGuard(): { touched: () => void; release: () => void } {
  const [dirty, setDirty] = useState(false);
  const guard = useUnsavedChangesGuard(dirty);
  const touched = useCallback(() => setDirty(true), []);
  const inner = guard.release;
  const release = useCallback(() => { inner(); setDirty(false); }, [inner]);
  return { touched, release };
}
