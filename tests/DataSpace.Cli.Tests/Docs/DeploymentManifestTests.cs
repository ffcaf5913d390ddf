using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataSpace.Cli.Client;
using DataSpace.Connector.Hosting;
using DataSpace.Crypto.Signatures;
using DataSpace.Gateway.Hosting;
using DataSpace.Tests.Common;
using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace DataSpace.Cli.Tests.Docs;

/// <summary>
/// samples/deploy (docs/deployment.md) against the code, with no cluster and no Docker engine: every Kubernetes manifest
/// is read strictly into the Kubernetes client's typed models (an unknown kind, an unknown field or a wrong type fails),
/// every container runs a real <c>dsc</c> verb of the Dockerfile's image with real options, every <c>DSC_Connector__*</c>
/// variable and every gateway.json key names a real option with a value it binds, probes ask the health endpoints, and
/// a connector run as several replicas keeps one log for all of them (<c>Connector:Storage:Log=Postgres</c>, distinct
/// replica ids).
/// </summary>
public sealed partial class DeploymentManifestTests
{
    private const string Image = "dataspace-connector";
    private static readonly string Root = Prerequisites.RepositoryRoot();
    private static readonly string Deploy = Path.Combine(Root, "samples", "deploy");

    /// <summary>Variables other than <c>DSC_Connector__*</c> that the samples may set, each read by the code named.</summary>
    private static readonly HashSet<string> OtherVariables = [KeyFiles.DefaultPassphraseVariable, ConnectionOptions.UrlVariable, "HOME"];

    [Fact]
    public void EveryManifest_ReadsStrictlyAsAKnownKind()
    {
        var objects = Manifests();

        Assert.Equal(
            ["ConfigMap", "Deployment", "Namespace", "PersistentVolumeClaim", "PodDisruptionBudget", "Secret", "Service", "StatefulSet"],
            objects.Select(o => o.Kind).Distinct().Order(StringComparer.Ordinal));
        Assert.All(objects, o =>
        {
            Assert.False(string.IsNullOrEmpty(o.ApiVersion), $"{o.Kind}: no apiVersion");
            var metadata = ((IMetadata<V1ObjectMeta>)o).Metadata;
            Assert.False(string.IsNullOrEmpty(metadata?.Name), $"{o.Kind}: no metadata.name");
            Assert.True(o is V1Namespace || metadata!.NamespaceProperty == "dataspace", $"{o.Kind} {metadata!.Name}: not in namespace dataspace");
        });
    }

    [Fact]
    public void StrictReading_RefusesAnUnknownField_AndAnUnknownKind()
    {
        var text = File.ReadAllText(Path.Combine(Deploy, "kubernetes", "gateway.yaml"));

        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(text.Replace("  replicas: 2", "  replica: 2", StringComparison.Ordinal), strict: true));
        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(text.Replace("kind: Deployment", "kind: Deploymint", StringComparison.Ordinal), strict: true));
    }

    [Fact]
    public void EveryContainer_RunsADscVerbOfTheImage_WithItsRealOptions()
    {
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"/app/dsc.dll\"]", File.ReadAllText(Path.Combine(Root, "Dockerfile")), StringComparison.Ordinal);
        var verbs = new List<string>();
        foreach (var (name, pod) in PodTemplates())
        {
            Assert.All(pod.Spec.InitContainers ?? [], c => Assert.Equal(["/bin/sh", "-c"], c.Command.Take(2)));
            foreach (var container in pod.Spec.Containers)
            {
                Assert.Equal(Image + ":latest", container.Image);
                Assert.True(container.Command is null, $"{name}/{container.Name}: command replaces the image's entrypoint (dotnet /app/dsc.dll); give args");
                verbs.Add(AssertDscInvocation($"{name}/{container.Name}", [.. container.Args]));
            }
        }

        Assert.Equal(["gateway", "serve"], verbs.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryContainer_RunsAsNonRoot_OnAReadOnlyRootFileSystem_WithAWritableTmp()
    {
        foreach (var (name, pod) in PodTemplates())
        {
            Assert.True(pod.Spec.SecurityContext.RunAsNonRoot, name);
            Assert.NotEqual(0, pod.Spec.SecurityContext.RunAsUser);
            foreach (var container in pod.Spec.Containers.Concat(pod.Spec.InitContainers ?? []))
            {
                Assert.True(container.SecurityContext.ReadOnlyRootFilesystem, $"{name}/{container.Name}");
                Assert.False(container.SecurityContext.AllowPrivilegeEscalation, $"{name}/{container.Name}");
                Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
            }

            // Exports and the compiler worker write under the temporary directory (Directory.CreateTempSubdirectory).
            Assert.All(pod.Spec.Containers, c => Assert.Contains(c.VolumeMounts, m => m.MountPath == "/tmp"));
            Assert.All(pod.Spec.Containers, c => Assert.NotNull(c.Resources?.Requests));
        }
    }

    [Fact]
    public void EveryVariable_IsARealOption_WithAValueItBinds()
    {
        var variables = PodTemplates().SelectMany(p => p.Pod.Spec.Containers).SelectMany(c => c.Env ?? [])
            .Select(e => (Name: e.Name, Value: (string?)e.Value)).Concat(ComposeVariables()).ToList();

        Assert.Contains(variables, v => v.Name == "DSC_Connector__Storage__ConnectionString");
        Assert.All(variables, v => AssertVariable(v.Name, v.Value));
    }

    [Fact]
    public void TheVariableCheck_RefusesAMadeUpKey_AndAValueThatDoesNotBind()
    {
        Assert.ThrowsAny<Exception>(() => AssertVariable("DSC_Connector__Storage__Engin", "Postgres"));
        Assert.ThrowsAny<Exception>(() => AssertVariable("DSC_Connector__Storage__Engine", "Oracle"));
        Assert.ThrowsAny<Exception>(() => AssertVariable("DSC_Connector__DataRoots__first", "/srv"));
        Assert.ThrowsAny<Exception>(() => AssertVariable("DSC_PASSPHRASE", "x"));
        AssertVariable("DSC_Connector__Privacy__Datasets__0__DatasetEpsilon", "3");
    }

    [Fact]
    public void EveryGatewayJson_HoldsRealKeys_AndPointsAtTheConnector()
    {
        var configMap = Manifests().OfType<V1ConfigMap>().Single(c => c.Metadata.Name == "dsc-gateway");
        var connector = Manifests().OfType<V1Service>().Single(s => s.Metadata.Name == "dsc-connector");
        // Kubernetes: the connector's Service, which sends to its ready pods; compose: every connector replica by name.
        var files = new[]
        {
            (Name: "ConfigMap dsc-gateway", Json: configMap.Data["gateway.json"], Connectors: (List<string>)[$"http://dsc-connector:{connector.Spec.Ports.Single().Port}"]),
            (Name: "samples/deploy/gateway.json", Json: File.ReadAllText(Path.Combine(Deploy, "gateway.json")),
                Connectors: [.. ComposeServices().Where(IsConnector).Select(s => $"http://{s.Name}:8080")]),
        };

        foreach (var file in files)
        {
            using var document = JsonDocument.Parse(file.Json);
            var gateway = document.RootElement.GetProperty(GatewayOptions.SectionName);
            AssertJsonOptions(file.Name, typeof(GatewayOptions), gateway, GatewayOptions.SectionName);
            Assert.Equal(file.Connectors, gateway.GetProperty("Connectors").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal("/run/dsc/gateway/gateway.secret", gateway.GetProperty("ConnectorSecretFile").GetString());
        }

        // Both sides of the assertion read one secret: the connector is told where the gateway reads it.
        Assert.Contains(("DSC_Connector__Gateway__SecretFile", "/run/dsc/gateway/gateway.secret"),
            PodTemplates().SelectMany(p => p.Pod.Spec.Containers).SelectMany(c => c.Env ?? []).Select(e => (e.Name, e.Value)));
        Assert.Contains(("DSC_Connector__Gateway__SecretFile", "/run/dsc/gateway/gateway.secret"), ComposeVariables());
    }

    [Fact]
    public void Probes_AskTheHealthEndpoints_OnAPortOfTheContainer_AndServicesSelectTheirPods()
    {
        var ready = new GatewayHealthCheckOptions().Path;
        foreach (var (name, pod) in PodTemplates())
        {
            foreach (var container in pod.Spec.Containers)
            {
                var ports = container.Ports.Select(p => p.Name).ToHashSet();
                Assert.Equal("/health/live", container.LivenessProbe.HttpGet.Path);
                Assert.Equal(ready, container.ReadinessProbe.HttpGet.Path);
                Assert.All(
                    new[] { container.LivenessProbe, container.ReadinessProbe, container.StartupProbe }.OfType<V1Probe>(),
                    probe => Assert.Contains(probe.HttpGet.Port.Value, ports));
            }
        }

        var templates = PodTemplates().ToList();
        foreach (var service in Manifests().OfType<V1Service>())
        {
            var pod = templates.Single(t => service.Spec.Selector.All(s => t.Pod.Metadata.Labels.TryGetValue(s.Key, out var v) && v == s.Value)).Pod;
            Assert.All(service.Spec.Ports, p => Assert.Contains(pod.Spec.Containers, c => c.Ports.Any(cp => cp.Name == p.TargetPort.Value)));
        }

        foreach (var budget in Manifests().OfType<V1PodDisruptionBudget>())
        {
            Assert.Single(templates, t => budget.Spec.Selector.MatchLabels.All(s => t.Pod.Metadata.Labels.TryGetValue(s.Key, out var v) && v == s.Value));
        }
    }

    [Fact]
    public void TheConnectorsReplicas_ShareOneLogOnPostgres_WithDistinctReplicaIds()
    {
        var statefulSet = Manifests().OfType<V1StatefulSet>().Single(s => s.Metadata.Name == "dsc-connector");
        Assert.True(statefulSet.Spec.Replicas > 1, "the Kubernetes sample runs several connector replicas");
        Assert.True(ComposeServices().Count(IsConnector) > 1, "the compose sample runs several connector replicas");

        AssertReplicasShareOneLog(Manifests(), ComposeServices());
    }

    [Fact]
    public void TheReplicaCheck_RefusesReplicasOnTheFileLog_OrOnOneReplicaId()
    {
        var compose = File.ReadAllText(Path.Combine(Deploy, "compose.yaml"));
        static string WithoutLog(string text) => Changed(text, t => Regex.Replace(t, @"(?m)^.*DSC_Connector__Storage__Log.*\n", ""));
        static string Replaced(string text, string from, string to) => Changed(text, t => t.Replace(from, to, StringComparison.Ordinal));

        // Every edit is made (and checked to change something) outside Assert.ThrowsAny, which would count its failure.
        // Kubernetes: three replicas without the shared log (the File log by default, or said outright), or one
        // literal replica id for every pod.
        var kubernetes = new[]
        {
            EditedManifests("connector.yaml", WithoutLog),
            EditedManifests("connector.yaml", t => Replaced(t, "DSC_Connector__Storage__Log, value: Postgres", "DSC_Connector__Storage__Log, value: File")),
            EditedManifests("connector.yaml", t => Replaced(t, "valueFrom: { fieldRef: { fieldPath: metadata.name } }", "value: dsc-connector")),
        };
        Assert.All(kubernetes, manifests => Assert.ThrowsAny<Exception>(() => AssertReplicasShareOneLog(manifests, [])));

        // Compose: replicas without the shared log, two on one replica id, or one service scaled up.
        var composed = new[]
        {
            ComposeServices(WithoutLog(compose)),
            ComposeServices(Replaced(compose, "ReplicaId: connector-2", "ReplicaId: connector-1")),
            ComposeServices(Replaced(compose, "    hostname: connector-1\n", "    hostname: connector-1\n    scale: 2\n")),
        };
        Assert.All(composed, services => Assert.ThrowsAny<Exception>(() => AssertReplicasShareOneLog([], services)));

        // One replica may keep the File log (the embedded default): the check is about replicas, not engines.
        AssertReplicasShareOneLog(EditedManifests("connector.yaml", t => WithoutLog(Replaced(t, "  replicas: 3", "  replicas: 1"))), []);
        AssertReplicasShareOneLog([], [.. ComposeServices(WithoutLog(compose)).Where(s => s.Name is not ("connector-2" or "connector-3"))]);
    }

    /// <summary>Applies <paramref name="edit"/>, failing when it changes nothing (a hostile case that tests nothing).</summary>
    private static string Changed(string text, Func<string, string> edit)
    {
        var changed = edit(text);
        Assert.NotEqual(text, changed);
        return changed;
    }

    /// <summary>
    /// docs/audit-log.md, "Shared log on PostgreSQL": replicas of one connector are one history only when they all append
    /// to the log in the database (with the File log each would keep its own), on one database, each with its own
    /// replica id (whose pending operations a restart closes).
    /// </summary>
    private static void AssertReplicasShareOneLog(IReadOnlyList<IKubernetesObject> manifests, IReadOnlyList<ComposeService> compose)
    {
        var workloads = manifests.OfType<V1StatefulSet>().Select(s => (s.Metadata.Name, Replicas: s.Spec.Replicas ?? 1, Pod: s.Spec.Template))
            .Concat(manifests.OfType<V1Deployment>().Select(d => (d.Metadata.Name, Replicas: d.Spec.Replicas ?? 1, Pod: d.Spec.Template)));
        foreach (var (name, replicas, pod) in workloads)
        {
            foreach (var container in pod.Spec.Containers.Where(c => c.Args?.FirstOrDefault() == "serve").Where(_ => replicas > 1))
            {
                var env = container.Env ?? [];
                var where = $"{name}/{container.Name} ({replicas} replicas)";
                AssertSharedLog(where, env.ToDictionary(e => e.Name, e => e.Value ?? ""));
                // One literal id would be every pod's; the pod's name is distinct per replica (the default, the machine
                // name, is the pod's name too).
                if (env.SingleOrDefault(e => e.Name == "DSC_Connector__ReplicaId") is { } id)
                {
                    Assert.True(id.ValueFrom?.FieldRef?.FieldPath == "metadata.name", $"{where}: DSC_Connector__ReplicaId must come from the pod's name, not one value for every replica");
                }
            }
        }

        var connectors = compose.Where(IsConnector).ToList();
        if (connectors.Sum(c => c.Scale) > 1)
        {
            Assert.Single(connectors.Select(c => c.Environment.GetValueOrDefault("DSC_Connector__Storage__ConnectionString")).Distinct());
            var ids = new List<string>();
            foreach (var service in connectors)
            {
                AssertSharedLog($"compose service {service.Name}", service.Environment);
                // The replica id is ReplicaId, else <id>@<host name>; compose gives each container its own host name.
                var id = service.Environment.GetValueOrDefault("DSC_Connector__ReplicaId") ?? service.Hostname;
                Assert.True(id is null || service.Scale == 1, $"compose service {service.Name}: {service.Scale} containers would share the replica id '{id}'");
                ids.AddRange(id is null ? [] : [id]);
            }

            Assert.True(ids.Count == ids.Distinct(StringComparer.Ordinal).Count(), $"compose: replica ids {string.Join(", ", ids)} are not distinct");
        }
    }

    private static void AssertSharedLog(string where, IReadOnlyDictionary<string, string> environment)
    {
        foreach (var (variable, option) in new[] { ("DSC_Connector__Storage__Engine", "Engine"), ("DSC_Connector__Storage__Log", "Log") })
        {
            Assert.True(
                environment.TryGetValue(variable, out var value) && string.Equals(value, "Postgres", StringComparison.OrdinalIgnoreCase),
                $"{where}: several replicas of one connector need {variable}=Postgres (Connector:Storage:{option}), or each keeps a log of its own");
        }
    }

    private static bool IsConnector(ComposeService service) => service.Image == Image && service.Command.FirstOrDefault() == "serve";

    [Fact]
    public void Secrets_HoldPlaceholdersOnly()
    {
        var secrets = Manifests().OfType<V1Secret>().ToList();

        Assert.NotEmpty(secrets);
        Assert.All(secrets, s => Assert.True(s.Data is null, $"Secret {s.Metadata.Name}: data holds values; keep placeholders in stringData"));
        Assert.All(secrets.SelectMany(s => s.StringData), entry => Assert.True(
            entry.Value.Length == 0 || entry.Value.StartsWith("REPLACE_ME", StringComparison.Ordinal), $"{entry.Key}: not a placeholder"));
    }

    [Fact]
    public void Compose_RunsTheImagesDscVerbs_WithHealthChecksByDsc()
    {
        var services = ComposeServices();

        Assert.Equal(["gateway", "serve"], services.Where(s => s.Image == Image).Select(s => s.Command.FirstOrDefault())
            .Where(verb => verb is not null && !verb.StartsWith('/')).Distinct().Order(StringComparer.Ordinal));
        foreach (var service in services.Where(s => s.Image == Image && s.Command.Count > 0 && !s.Command[0].StartsWith('/')))
        {
            AssertDscInvocation(service.Name, service.Command);
            Assert.Equal(["CMD", "dotnet", "/app/dsc.dll", "health"], service.HealthCheck.Take(4));
            AssertDscInvocation(service.Name + " healthcheck", service.HealthCheck.Skip(3).ToList());
        }

        Assert.True(File.Exists(Path.Combine(Deploy, "gateway.json")));
    }

    [Fact]
    public void TheDeploymentDocument_NamesRealOptionsAndVerbs()
    {
        var text = File.ReadAllText(Path.Combine(Root, "docs", "deployment.md"));

        var variables = DocumentedVariable().Matches(text).Select(m => m.Value).Where(v => v != "DSC_" + ConnectorOptions.SectionName).Distinct().ToList();
        Assert.NotEmpty(variables);
        Assert.All(variables, v => AssertVariable(v, null));

        var keys = DocumentedKey().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.NotNull(Resolve(typeof(ConnectorOptions), k.Split(':')[1..], k)));

        foreach (Match line in DocumentedDsc().Matches(text))
        {
            AssertDscInvocation("docs/deployment.md: " + line.Value, Tokens(line.Groups[1].Value));
        }
    }

    private static List<IKubernetesObject> Manifests() => EditedManifests("", t => t);

    /// <summary>Every manifest, <paramref name="file"/>'s text changed by <paramref name="edit"/> first.</summary>
    private static List<IKubernetesObject> EditedManifests(string file, Func<string, string> edit) =>
        [.. Directory.GetFiles(Path.Combine(Deploy, "kubernetes"), "*.yaml").Order(StringComparer.Ordinal)
            .Select(f => Path.GetFileName(f) == file ? edit(File.ReadAllText(f)) : File.ReadAllText(f))
            .SelectMany(t => KubernetesYaml.LoadAllFromString(t, strict: true)).Cast<IKubernetesObject>()];

    private static IEnumerable<(string Name, V1PodTemplateSpec Pod)> PodTemplates()
    {
        foreach (var manifest in Manifests())
        {
            switch (manifest)
            {
                case V1Deployment deployment:
                    yield return (deployment.Metadata.Name, deployment.Spec.Template);
                    break;
                case V1StatefulSet statefulSet:
                    yield return (statefulSet.Metadata.Name, statefulSet.Spec.Template);
                    break;
            }
        }
    }

    /// <summary>Checks that <paramref name="args"/> is a dsc verb with options it has; returns the verb's path.</summary>
    private static string AssertDscInvocation(string where, IReadOnlyList<string> args)
    {
        Command command = DscCommand.Create();
        var i = 0;
        for (; i < args.Count && command.Subcommands.SingleOrDefault(c => c.Name == args[i]) is { } sub; i++)
        {
            command = sub;
        }

        Assert.True(i > 0, $"{where}: '{string.Join(' ', args)}' is no dsc verb");
        foreach (var option in args.Skip(i).Where(a => a.StartsWith("--", StringComparison.Ordinal)))
        {
            Assert.True(command.Options.Any(o => o.Name == option.Split('=')[0]), $"{where}: dsc {string.Join(' ', args.Take(i))} has no option {option}");
        }

        return string.Join(' ', args.Take(i));
    }

    /// <summary>Checks a variable the connector or dsc reads; a <c>DSC_Connector__*</c> one must bind its value, if given.</summary>
    private static void AssertVariable(string name, string? value)
    {
        const string Prefix = "DSC_" + ConnectorOptions.SectionName + "__";
        if (!name.StartsWith(Prefix, StringComparison.Ordinal))
        {
            Assert.True(OtherVariables.Contains(name), $"{name}: no code reads this variable");
            return;
        }

        var type = Resolve(typeof(ConnectorOptions), name[Prefix.Length..].Split("__"), name);
        Assert.NotNull(type);
        if (value is not null && !value.Contains("${", StringComparison.Ordinal))
        {
            AssertBinds(name, type, value);
        }
    }

    /// <summary>The type a configuration path names below <paramref name="type"/>, or null (with the failure) when none.</summary>
    private static Type? Resolve(Type type, IReadOnlyList<string> path, string where)
    {
        foreach (var segment in path)
        {
            if (IsList(type))
            {
                Assert.True(int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _), $"{where}: '{segment}' is not a list index");
                type = type.GetGenericArguments()[0];
                continue;
            }

            var property = type.GetProperty(segment);
            // The configuration binder sets writable properties and fills get-only collections in place.
            Assert.True(property is not null && (property.CanWrite || IsList(property.PropertyType)), $"{where}: {type.Name} has no option '{segment}'");
            type = property!.PropertyType;
        }

        return type;
    }

    private static bool IsList(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IList<>);

    private static void AssertBinds(string where, Type type, string value)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var binds = type switch
        {
            _ when type == typeof(string) => true,
            _ when type.IsEnum => Enum.TryParse(type, value, ignoreCase: true, out _),
            _ when type == typeof(bool) => bool.TryParse(value, out _),
            _ when type == typeof(int) => int.TryParse(value, CultureInfo.InvariantCulture, out _),
            _ when type == typeof(long) => long.TryParse(value, CultureInfo.InvariantCulture, out _),
            _ when type == typeof(double) => double.TryParse(value, CultureInfo.InvariantCulture, out _),
            _ when type == typeof(TimeSpan) => TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out _),
            _ => false,
        };
        Assert.True(binds, $"{where}: '{value}' does not bind to {type.Name}");
    }

    private static void AssertJsonOptions(string where, Type type, JsonElement element, string path)
    {
        foreach (var property in element.EnumerateObject())
        {
            var child = Resolve(type, [property.Name], $"{where}: {path}:{property.Name}")!;
            var listOf = child.IsGenericType ? child.GetGenericArguments()[0] : null;
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Object:
                    AssertJsonOptions(where, child, property.Value, $"{path}:{property.Name}");
                    break;
                case JsonValueKind.Array:
                    Assert.True(listOf == typeof(string), $"{where}: {path}:{property.Name} is not a list");
                    break;
                default:
                    AssertBinds($"{where}: {path}:{property.Name}", child, property.Value.ToString());
                    break;
            }
        }
    }

    /// <summary>A compose service; <paramref name="Scale"/> is how many containers it runs (<c>scale</c>, <c>deploy.replicas</c>).</summary>
    private sealed record ComposeService(
        string Name, string? Image, IReadOnlyList<string> Command, IReadOnlyList<string> HealthCheck, IReadOnlyDictionary<string, string> Environment,
        string? Hostname, int Scale);

    private static List<ComposeService> ComposeServices(string? text = null)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(text ?? File.ReadAllText(Path.Combine(Deploy, "compose.yaml"))))
        {
            stream.Load(reader);
        }

        var services = (YamlMappingNode)((YamlMappingNode)stream.Documents.Single().RootNode)["services"];
        return [.. services.Children.Select(entry =>
        {
            var service = (YamlMappingNode)entry.Value;
            var image = service.Children.TryGetValue("image", out var i) ? ((YamlScalarNode)i).Value : null;
            var command = service.Children.TryGetValue("command", out var c) ? Strings(c) : service.Children.TryGetValue("entrypoint", out var e) ? Strings(e) : [];
            var health = service.Children.TryGetValue("healthcheck", out var h) ? Strings(((YamlMappingNode)h)["test"]) : [];
            var environment = service.Children.TryGetValue("environment", out var env)
                ? ((YamlMappingNode)env).Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value ?? "")
                : [];
            var hostname = service.Children.TryGetValue("hostname", out var n) ? ((YamlScalarNode)n).Value : null;
            var scale = service.Children.TryGetValue("scale", out var sc) ? ((YamlScalarNode)sc).Value
                : service.Children.TryGetValue("deploy", out var d) && ((YamlMappingNode)d).Children.TryGetValue("replicas", out var r) ? ((YamlScalarNode)r).Value
                : "1";
            return new ComposeService(((YamlScalarNode)entry.Key).Value!, image, command, health, environment, hostname, int.Parse(scale!, CultureInfo.InvariantCulture));
        })];
    }

    private static IEnumerable<(string Name, string? Value)> ComposeVariables() =>
        ComposeServices().Where(s => s.Image == Image).SelectMany(s => s.Environment).Select(p => (p.Key, (string?)p.Value));

    private static List<string> Strings(YamlNode node) => [.. ((YamlSequenceNode)node).Children.Select(n => ((YamlScalarNode)n).Value!)];

    private static List<string> Tokens(string line) => [.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries).TakeWhile(t => t is not ("|" or "&&" or ";" or "#" or ">" or "2>&1"))];

    [GeneratedRegex(@"DSC_[A-Za-z]+(?:_[A-Za-z]+)*(?:__[A-Za-z0-9]+)*")]
    private static partial Regex DocumentedVariable();

    [GeneratedRegex(@"`(Connector(?::[A-Za-z0-9]+)+)`")]
    private static partial Regex DocumentedKey();

    [GeneratedRegex(@"(?m)^\s*(?:[A-Za-z_]+=\S+ )*dsc ((?:[a-z]+ )*[a-z]+(?: [^\n]*)?)$")]
    private static partial Regex DocumentedDsc();
}
