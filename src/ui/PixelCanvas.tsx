// Draws an RGBA pixel buffer on a canvas, scaled up without smoothing so every model pixel shows.
import { useEffect, useRef, type Ref } from 'react';

/** Puts `pixels` (RGBA, size × size) on the canvas; the caller may drop the array afterwards. */
export function drawPixels(canvas: HTMLCanvasElement | null, pixels: Uint8ClampedArray, size: number): void {
  canvas?.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(pixels), size, size), 0, 0);
}

export function PixelCanvas(props: { pixels: Uint8ClampedArray; size: number; label: string; testId?: string; className?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => drawPixels(ref.current, props.pixels, props.size), [props.pixels, props.size]);
  return <BlankCanvas ref={ref} size={props.size} label={props.label} testId={props.testId} className={props.className} />;
}

/** The canvas PixelCanvas draws on, for callers that draw on it themselves (drawPixels). */
export function BlankCanvas(props: { ref?: Ref<HTMLCanvasElement>; size: number; label: string; testId?: string; className?: string }) {
  return (
    <canvas
      ref={props.ref}
      width={props.size}
      height={props.size}
      role="img"
      aria-label={props.label}
      data-testid={props.testId}
      className={`pixels ${props.className ?? ''}`}
    />
  );
}
