using k8s;
using k8s.Models;

namespace Asobi.Deploy;

/// <summary>
/// A single in-cluster PostgreSQL for trials (not for production: no replication or backups). Its password comes
/// from a Secret the operator creates; the generator never writes secret values.
/// </summary>
internal static class PostgresObjects
{
    private const int Port = 5432;

    public static IEnumerable<IKubernetesObject<V1ObjectMeta>> Create(ObjectNames names)
    {
        var labels = Workloads.Labels(names.Postgres, "database");
        yield return new V1StatefulSet
        {
            ApiVersion = "apps/v1",
            Kind = "StatefulSet",
            Metadata = new V1ObjectMeta { Name = names.Postgres, Labels = labels },
            Spec = new V1StatefulSetSpec
            {
                ServiceName = names.Postgres,
                Replicas = 1,
                Selector = new V1LabelSelector { MatchLabels = Workloads.Selector(names.Postgres) },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec
                    {
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "postgres",
                                Image = "postgres:18.3",
                                Ports = [new V1ContainerPort { ContainerPort = Port, Name = "postgres" }],
                                Env =
                                [
                                    new V1EnvVar { Name = "POSTGRES_DB", Value = "asobi" },
                                    new V1EnvVar { Name = "POSTGRES_PASSWORD", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Key = "password", Name = names.PostgresSecret } } },
                                    new V1EnvVar { Name = "PGDATA", Value = "/var/lib/postgresql/data/pgdata" },
                                ],
                                ReadinessProbe = new V1Probe { Exec = new V1ExecAction { Command = ["pg_isready", "-U", "postgres"] }, PeriodSeconds = 5 },
                                VolumeMounts = [new V1VolumeMount { MountPath = "/var/lib/postgresql/data", Name = "data" }],
                            },
                        ],
                    },
                },
                VolumeClaimTemplates =
                [
                    new V1PersistentVolumeClaim
                    {
                        Metadata = new V1ObjectMeta { Name = "data" },
                        Spec = new V1PersistentVolumeClaimSpec
                        {
                            AccessModes = ["ReadWriteOnce"],
                            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("10Gi") } },
                        },
                    },
                ],
            },
        };
        yield return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = new V1ObjectMeta { Name = names.Postgres, Labels = labels },
            Spec = new V1ServiceSpec { Selector = Workloads.Selector(names.Postgres), Ports = [new V1ServicePort { Port = Port, Name = "postgres" }] },
        };
    }
}
