using k8s.Models;

namespace Asobi.Deploy;

/// <summary>Matchmakers: a Deployment; one replica leads through a PostgreSQL advisory lock, the others wait.</summary>
internal static class MatchmakerObjects
{
    public static V1Deployment Create(ManifestResource project, DeployOptions options, ObjectNames names)
    {
        var labels = Workloads.Labels(names.Matchmaker, "matchmaker");
        var env = EnvironmentMapper.Map(project, names.DatabaseSecret, options.Port);
        env.Add(EnvironmentMapper.FieldEnv("POD_NAME", "metadata.name"));
        env.Add(new V1EnvVar { Name = "Asobi__Node__Id", Value = "$(POD_NAME)" });
        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta { Name = names.Matchmaker, Labels = labels },
            Spec = new V1DeploymentSpec
            {
                Replicas = options.Matchmakers,
                Selector = new V1LabelSelector { MatchLabels = Workloads.Selector(names.Matchmaker) },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec
                    {
                        TerminationGracePeriodSeconds = 30,
                        Containers = [Workloads.Container("matchmaker", options.MatchmakerImage, options.Port, env, "250m", "256Mi", "512Mi")],
                    },
                },
            },
        };
    }
}
