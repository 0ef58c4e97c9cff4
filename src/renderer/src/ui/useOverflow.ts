/**
 * Which sides of a scrolling box have content out of view ('left', 'right', both, or none), kept current as the
 * box scrolls, resizes or its content changes, so a wide table can show that it scrolls instead of looking cut off.
 */
import { useCallback, useEffect, useState } from 'react';

export type OverflowSides = '' | 'left' | 'right' | 'left right';

/** From a box's scroll geometry; a pixel of slack absorbs sub-pixel layout. Pure. */
export function overflowSides(scrollLeft: number, scrollWidth: number, clientWidth: number): OverflowSides {
  const left = scrollLeft > 1;
  const right = scrollLeft + clientWidth < scrollWidth - 1;
  return left && right ? 'left right' : left ? 'left' : right ? 'right' : '';
}

export function useOverflow(): { attach: (el: HTMLElement | null) => void; sides: OverflowSides } {
  const [el, setEl] = useState<HTMLElement | null>(null);
  const [sides, setSides] = useState<OverflowSides>('');
  const measure = useCallback(() => {
    if (el) setSides(overflowSides(el.scrollLeft, el.scrollWidth, el.clientWidth));
  }, [el]);
  useEffect(() => {
    if (!el) return;
    // A ResizeObserver reports each observed box once when observing starts: that is the first measurement.
    const resize = new ResizeObserver(measure);
    resize.observe(el);
    // The table inside grows as rows arrive or cells unfold.
    if (el.firstElementChild) resize.observe(el.firstElementChild);
    el.addEventListener('scroll', measure, { passive: true });
    return () => {
      resize.disconnect();
      el.removeEventListener('scroll', measure);
    };
  }, [el, measure]);
  return { attach: setEl, sides };
}
