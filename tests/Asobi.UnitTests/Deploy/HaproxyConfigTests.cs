using System.Diagnostics;

namespace Asobi.UnitTests.Deploy;

public sealed class HaproxyConfigTests
{
    private static readonly string[] Candidates = ["/usr/sbin/haproxy", "/usr/bin/haproxy"];

    [SkippableFact]
    public void The_documented_haproxy_config_is_valid()
    {
        var haproxy = Candidates.FirstOrDefault(File.Exists);
        Skip.If(haproxy is null, "haproxy is not installed (apt-get install haproxy).");
        var config = Path.Combine(RepositoryRoot(), "deploy", "haproxy", "haproxy.cfg");
        var psi = new ProcessStartInfo(haproxy, ["-c", "-f", config]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, output);
        Assert.Contains("valid", output, StringComparison.OrdinalIgnoreCase);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Asobi.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Asobi.sln not found above the test output.");
    }
}
