namespace Asobi.Node.Leaderboards;

/// <summary>
/// A cron expression in UTC: five fields (minute hour day-of-month month day-of-week) or six with seconds first.
/// Each field takes <c>*</c>, numbers, ranges <c>a-b</c>, steps <c>*/n</c> or <c>a-b/n</c>, and lists. Day-of-week 0 or 7
/// is Sunday; when both day fields are restricted a day matching either one counts (classic cron).
/// </summary>
public sealed class CronSchedule : IPeriodSchedule
{
    private readonly ulong seconds;
    private readonly ulong minutes;
    private readonly ulong hours;
    private readonly ulong daysOfMonth;
    private readonly ulong months;
    private readonly ulong daysOfWeek;
    private readonly bool domRestricted;
    private readonly bool dowRestricted;

    private CronSchedule(string[] f)
    {
        var withSeconds = f.Length == 6;
        var i = withSeconds ? 1 : 0;
        seconds = withSeconds ? Parse(f[0], 0, 59) : 1UL;
        minutes = Parse(f[i], 0, 59);
        hours = Parse(f[i + 1], 0, 23);
        daysOfMonth = Parse(f[i + 2], 1, 31);
        months = Parse(f[i + 3], 1, 12);
        daysOfWeek = Parse(f[i + 4], 0, 7);
        if ((daysOfWeek & (1UL << 7)) != 0)
        {
            daysOfWeek |= 1UL;
        }

        domRestricted = f[i + 2] != "*";
        dowRestricted = f[i + 4] != "*";
        Text = string.Join(' ', f);
    }

    public string Text { get; }

    /// <summary>A reset schedule: the period containing <paramref name="now"/> ends at the next occurrence.</summary>
    public DateTimeOffset PeriodEndAt(DateTimeOffset now) => Next(now);

    public static CronSchedule Parse(string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length is 5 or 6
            ? new CronSchedule(fields)
            : throw new FormatException($"Cron '{expression}': expected 5 or 6 fields.");
    }

    /// <summary>The first instant strictly after <paramref name="after"/> that matches (UTC, whole seconds).</summary>
    public DateTimeOffset Next(DateTimeOffset after)
    {
        var t = new DateTime(after.UtcTicks - (after.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc).AddSeconds(1);
        var limit = t.AddYears(5);
        while (t < limit)
        {
            if (!Has(months, t.Month))
            {
                t = new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
            }
            else if (!DayMatches(t))
            {
                t = t.Date.AddDays(1);
            }
            else if (!Has(hours, t.Hour))
            {
                t = t.Date.AddHours(t.Hour + 1);
            }
            else if (!Has(minutes, t.Minute))
            {
                t = t.Date.AddHours(t.Hour).AddMinutes(t.Minute + 1);
            }
            else if (!Has(seconds, t.Second))
            {
                t = t.AddSeconds(1);
            }
            else
            {
                return new DateTimeOffset(t);
            }
        }

        throw new InvalidOperationException($"Cron '{Text}' matches no instant within five years.");
    }

    private bool DayMatches(DateTime t)
    {
        var dom = Has(daysOfMonth, t.Day);
        var dow = Has(daysOfWeek, (int)t.DayOfWeek);
        return domRestricted && dowRestricted ? dom || dow : dom && dow;
    }

    private static bool Has(ulong set, int value) => (set & (1UL << value)) != 0;

    private static ulong Parse(string field, int min, int max)
    {
        ulong set = 0;
        foreach (var part in field.Split(','))
        {
            var (range, step) = part.Split('/') switch
            {
                [var r] => (r, 1),
                [var r, var s] when int.TryParse(s, out var n) && n > 0 => (r, n),
                _ => throw new FormatException($"Cron field '{field}': bad step."),
            };
            int from, to;
            if (range == "*")
            {
                (from, to) = (min, max);
            }
            else if (range.Split('-') is [var a, var b] && int.TryParse(a, out from) && int.TryParse(b, out to))
            {
            }
            else if (int.TryParse(range, out from))
            {
                to = step > 1 ? max : from;
            }
            else
            {
                throw new FormatException($"Cron field '{field}': '{range}' is not a number, range or *.");
            }

            if (from < min || to > max || from > to)
            {
                throw new FormatException($"Cron field '{field}': values must be within {min}-{max}.");
            }

            for (var v = from; v <= to; v += step)
            {
                set |= 1UL << v;
            }
        }

        return set;
    }
}
