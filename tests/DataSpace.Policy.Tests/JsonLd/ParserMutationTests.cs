using System.Text;
using System.Text.Json.Nodes;
using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Tests.Support;

namespace DataSpace.Policy.Tests.JsonLd;

/// <summary>
/// Property test: thousands of seeded random mutations of every valid policy give a policy or errors,
/// never an exception; and every mutant that still parses survives a round trip.
/// </summary>
public sealed class ParserMutationTests
{
    private const int MutationsPerDocument = 400;

    private static readonly string[] Garbage =
    [
        "gteq2", "", "odrl:", "permission", "@id", "@value", "@list", "http://www.w3.org/ns/odrl/2/status", "dsc:groupSize",
        "xsd:dateTime", "P1Y2M", "-P", "2024-13-45", "1e400", "NaN", "odrl:Ticket", "uid", "type", "refinement",
    ];

    private static readonly string[] Keys =
    [
        "uid", "@id", "@type", "type", "permission", "prohibition", "obligation", "action", "constraint", "refinement",
        "leftOperand", "operator", "rightOperand", "rightOperandReference", "and", "or", "xone", "andSequence", "duty",
        "remedy", "consequence", "target", "assigner", "assignee", "source", "dataType", "unit", "@context", "@value",
        "@list", "rdf:value", "odrl:status", "profile", "conflict", "inheritFrom", "x:y",
    ];

    [Fact]
    public void Parse_RandomMutationsOfValidPolicies_NeverThrows()
    {
        var random = new Random(20261123);
        var parsed = 0;
        var refused = 0;
        foreach (var (name, json) in TestDocuments.AllValid())
        {
            for (var i = 0; i < MutationsPerDocument; i++)
            {
                var mutant = Mutate(json, random);
                PolicyParseResult result;
                try
                {
                    result = PolicyParser.Parse(mutant);
                }
                catch (Exception e)
                {
                    Assert.Fail($"{name} mutation {i} threw {e.GetType().Name}: {e.Message}\n{mutant}");
                    throw;
                }

                Assert.Equal(result.IsSuccess, result.Errors.Count == 0);
                if (result.Policy is { } policy)
                {
                    parsed++;
                    var serialized = PolicySerializer.Serialize(policy);
                    var reparsed = PolicyParser.Parse(serialized);
                    Assert.True(reparsed.IsSuccess, $"{name} mutation {i} does not reparse: {reparsed}\n{mutant}");
                    Assert.Equal(serialized, PolicySerializer.Serialize(reparsed.Policy!));
                    Assert.Equal(policy.ToString(), reparsed.Policy!.ToString());
                    Assert.Equal(policy, reparsed.Policy);
                }
                else
                {
                    refused++;
                }
            }
        }

        Assert.True(parsed > 100 && refused > 100, $"parsed {parsed}, refused {refused}");
    }

    private static string Mutate(string json, Random random)
    {
        switch (random.Next(8))
        {
            case 0:
                return json[..random.Next(json.Length)];
            case 1:
                return new string('[', 20 + random.Next(60)) + json + new string(']', 20 + random.Next(60));
            case 2:
                var at = json.IndexOf('{', random.Next(json.Length));
                var inserted = random.Next(4) == 0 ? "\"\\ud800\"" : RandomValue(random)?.ToJsonString() ?? "null";
                return at < 0 ? json : json.Insert(at + 1, $"\"{Keys[random.Next(Keys.Length)]}\": {inserted},");
            case 3:
                var bytes = Encoding.UTF8.GetBytes(json);
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return Encoding.UTF8.GetString(bytes);
            default:
                var root = JsonNode.Parse(json)!;
                for (var steps = 1 + random.Next(3); steps > 0; steps--)
                {
                    MutateTree(root, random);
                }

                return root.ToJsonString();
        }
    }

    private static void MutateTree(JsonNode root, Random random)
    {
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var node = nodes[random.Next(nodes.Count)];
        switch (node)
        {
            case JsonObject obj when obj.Count > 0:
                var key = obj.ElementAt(random.Next(obj.Count)).Key;
                switch (random.Next(4))
                {
                    case 0:
                        obj.Remove(key);
                        break;
                    case 1:
                        var value = obj[key];
                        obj.Remove(key);
                        obj[Keys[random.Next(Keys.Length)]] = value;
                        break;
                    case 2:
                        obj[key] = RandomValue(random);
                        break;
                    default:
                        obj[key] = Garbage[random.Next(Garbage.Length)];
                        break;
                }

                break;
            case JsonArray array when array.Count > 0:
                var index = random.Next(array.Count);
                if (random.Next(2) == 0)
                {
                    array.RemoveAt(index);
                }
                else
                {
                    array[index] = RandomValue(random);
                }

                break;
            default:
                if (node.Parent is JsonObject parent)
                {
                    parent[node.GetPropertyName()] = RandomValue(random);
                }

                break;
        }
    }

    private static JsonNode? RandomValue(Random random) => random.Next(9) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(random.NextDouble() * 1e6 - 5e5),
        3 => JsonValue.Create(random.Next(-5, 1000)),
        4 => new JsonArray(JsonValue.Create(Garbage[random.Next(Garbage.Length)]), JsonValue.Create(random.Next(10))),
        5 => new JsonObject { ["@value"] = Garbage[random.Next(Garbage.Length)], ["@type"] = Garbage[random.Next(Garbage.Length)] },
        6 => new JsonObject { ["@id"] = Garbage[random.Next(Garbage.Length)] },
        7 => new JsonObject { [Keys[random.Next(Keys.Length)]] = Garbage[random.Next(Garbage.Length)] },
        _ => JsonValue.Create(Garbage[random.Next(Garbage.Length)]),
    };

    private static void Collect(JsonNode node, List<JsonNode> nodes)
    {
        nodes.Add(node);
        if (node is JsonObject obj)
        {
            foreach (var (_, child) in obj)
            {
                if (child is not null)
                {
                    Collect(child, nodes);
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array)
            {
                if (child is not null)
                {
                    Collect(child, nodes);
                }
            }
        }
    }
}
