using System.Globalization;

namespace Asobi.Deploy;

/// <summary>Reads the generator's arguments; anything unknown or malformed is an <see cref="ArgumentException"/>.</summary>
public static class CommandLine
{
    public static (DeployOptions Options, string Output, string? Manifest, string AppHost) Parse(string[] args)
    {
        if (args is not ["kubernetes", ..])
        {
            throw new ArgumentException("The first argument must be 'kubernetes'.");
        }

        var options = new DeployOptions();
        string? output = null, manifest = null;
        var appHost = "Asobi.AppHost";
        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--no-tls")
            {
                options = options with { Tls = false };
                continue;
            }

            var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--output": output = value; break;
                case "--manifest": manifest = value; break;
                case "--apphost": appHost = value; break;
                case "--nodes": options = options with { Nodes = Int(name, value) }; break;
                case "--matchmakers": options = options with { Matchmakers = Int(name, value) }; break;
                case "--host": options = options with { Host = value }; break;
                case "--node-host": options = options with { NodeHostTemplate = value }; break;
                case "--postgres": options = options with { Postgres = value }; break;
                case "--node-image": options = options with { NodeImage = value }; break;
                case "--matchmaker-image": options = options with { MatchmakerImage = value }; break;
                case "--name": options = options with { Name = value }; break;
                default: throw new ArgumentException($"Unknown option {name}.");
            }
        }

        options.Validate();
        return (options, output ?? throw new ArgumentException("--output is required."), manifest, appHost);
    }

    private static int Int(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{name} takes a whole number.");
}
