// Russian wording with numbers: plurals, people counts, durations.

/** The Russian plural form for n: plural(3, "человек", "человека", "человек") → "человека". */
export function plural(n, one, few, many) {
  const abs = Math.abs(n) % 100;
  const last = abs % 10;
  if (abs >= 11 && abs <= 14) return many;
  if (last === 1) return one;
  if (last >= 2 && last <= 4) return few;
  return many;
}

/** «1 человек», «3 человека», «5 человек»; «никого» for zero. */
export function people(n) {
  if (!n) return "никого";
  return `${n} ${plural(n, "человек", "человека", "человек")}`;
}

/** «Ожидает 1 человек», «Ожидают 3 человека», «Никто не ожидает». */
export function peopleWaiting(n) {
  if (!n) return "Никто не ожидает";
  const verb = plural(n, "Ожидает", "Ожидают", "Ожидают");
  return `${verb} ${people(n)}`;
}

/** «1 минута», «2 минуты», «5 минут». */
export function minutes(n) {
  return `${n} ${plural(n, "минута", "минуты", "минут")}`;
}

/** A short wait for lists: «<1 мин», «7 мин», «1 ч 05 мин». */
export function shortWait(totalMinutes) {
  const whole = Math.max(0, Math.floor(totalMinutes));
  if (whole < 1) return "<1 мин";
  if (whole < 60) return `${whole} мин`;
  const hours = Math.floor(whole / 60);
  return `${hours} ч ${String(whole % 60).padStart(2, "0")} мин`;
}

/** A stopwatch: «0:42», «12:05», «1:02:03». */
export function stopwatch(totalSeconds) {
  const whole = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(whole / 3600);
  const mins = Math.floor((whole % 3600) / 60);
  const secs = String(whole % 60).padStart(2, "0");
  if (hours) return `${hours}:${String(mins).padStart(2, "0")}:${secs}`;
  return `${mins}:${secs}`;
}
