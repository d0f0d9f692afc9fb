// The filter box of a long table: each keystroke shows in the box in its own frame, and the text is
// handed on after that frame is painted, so matching and drawing thousands of rows never delays
// the character the user typed. Keys typed before the table caught up are applied together.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';

/** Runs `work` in a task after the next frame is painted; returns what cancels it. */
function afterNextPaint(work) {
  let timer = null;
  const frame = requestAnimationFrame(() => { timer = setTimeout(work, 0); });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

/**
 * A search input showing `value` (the filter the table applies) and calling `onApply(text)` once
 * what was typed has been painted; a `value` set from outside (a link with ?q=) replaces what is
 * typed. Other props go to the input.
 */
export function FilterInput({ value, onApply, ...inputProps }) {
  const [text, setText] = useState(value);
  const applied = useRef(value);
  const pending = useRef(null);
  const cancelPending = () => {
    pending.current?.();
    pending.current = null;
  };
  useEffect(() => {
    if (value === applied.current) return;
    applied.current = value;
    cancelPending();
    setText(value);
  }, [value]);
  useEffect(() => cancelPending, []);
  const onInput = (event) => {
    const typed = event.currentTarget.value;
    setText(typed);
    cancelPending();
    pending.current = afterNextPaint(() => {
      pending.current = null;
      applied.current = typed;
      onApply(typed);
    });
  };
  return html`<input type="search" ...${inputProps} value=${text} onInput=${onInput} />`;
}
