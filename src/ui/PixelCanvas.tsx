// Draws an RGBA pixel buffer on a canvas, scaled up without smoothing so every model pixel shows.
import { useEffect, useRef } from 'react';

export function PixelCanvas(props: { pixels: Uint8ClampedArray; size: number; label: string; testId?: string; className?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    ctx.putImageData(new ImageData(new Uint8ClampedArray(props.pixels), props.size, props.size), 0, 0);
  }, [props.pixels, props.size]);
  return (
    <canvas
      ref={ref}
      width={props.size}
      height={props.size}
      role="img"
      aria-label={props.label}
      data-testid={props.testId}
      className={`pixels ${props.className ?? ''}`}
    />
  );
}
