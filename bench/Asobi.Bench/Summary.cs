namespace Asobi.Bench;

/// <summary>Median and range of one metric over the trials of one configuration.</summary>
internal readonly record struct Summary(double Median, double Min, double Max, int Trials)
{
    public static Summary Of(IEnumerable<double> values)
    {
        var v = values.Where(x => !double.IsNaN(x)).Order().ToArray();
        if (v.Length == 0)
        {
            return new Summary(double.NaN, double.NaN, double.NaN, 0);
        }

        var median = v.Length % 2 == 1 ? v[v.Length / 2] : (v[(v.Length / 2) - 1] + v[v.Length / 2]) / 2;
        return new Summary(median, v[0], v[^1], v.Length);
    }

    /// <summary>"1,234 [1,100–1,300]"; three significant figures below 100.</summary>
    public string Format() =>
        Trials == 0 ? "–" : Trials == 1 ? Number(Median) : $"{Number(Median)} [{Number(Min)}–{Number(Max)}]";

    public static string Number(double x) =>
        double.IsNaN(x) ? "–"
        : Math.Abs(x) >= 100 ? x.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)
        : Math.Abs(x) >= 10 ? x.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)
        : x.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}
