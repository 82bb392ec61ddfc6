using System.Diagnostics;

namespace Asobi.Deploy;

/// <summary>Publishes the AppHost's Aspire manifest (<c>--publisher manifest</c>), the model the generator reads.</summary>
public static class AppHostManifest
{
    public static async Task<string> PublishAsync(string appHostProject, CancellationToken ct)
    {
        var output = Path.Combine(Path.GetTempPath(), "asobi-manifest-" + Guid.NewGuid().ToString("N")[..8], "aspire-manifest.json");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "run", "--project", appHostProject, "--", "--publisher", "manifest", "--output-path", output })
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start dotnet.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0 || !File.Exists(output))
        {
            throw new InvalidOperationException($"Publishing the AppHost manifest failed (exit {process.ExitCode}): {await stderr}{await stdout}");
        }

        return await File.ReadAllTextAsync(output, ct);
    }
}
