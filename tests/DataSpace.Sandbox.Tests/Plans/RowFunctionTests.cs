using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Plans;

namespace DataSpace.Sandbox.Tests.Plans;

/// <summary>Derived columns: pure WebAssembly functions of a row's columns, run by the host on each row, and nothing more.</summary>
public sealed class RowFunctionTests
{
    private const string Ratio = """
        (module (func (export "derive") (param f64 f64) (result f64)
          local.get 0 local.get 1 f64.div))
        """;

    [Fact]
    public void A_derived_measure_equals_the_function_applied_to_each_row()
    {
        var rows = PlanTestData.Enterprises(70_000, seed: 40);
        var result = Run(Ratio, """ "inputs": [{"column": "tax"}, {"column": "employees"}] """, """ "bounds": [0, 5000] """, rows);

        var expected = rows.Where(r => r.Employees is > 0).Select(r => Math.Clamp(r.Tax / (double)r.Employees!.Value, 0, 5000)).ToList();
        var group = Assert.Single(result.Groups);
        Assert.Equal(expected.Count, group.Count);
        Assert.Equal(expected.Sum(), group.Values[0].Sum, expected.Sum() * 1e-12);
    }

    [Fact]
    public void Rows_whose_call_traps_runs_out_of_fuel_or_gives_no_number_are_dropped_and_the_run_goes_on()
    {
        // Traps on odd years, loops forever on 2024, divides by zero (NaN/infinite) when employees is 0.
        const string Hostile = """
            (module (func (export "derive") (param $year f64) (param $employees f64) (result f64)
              (if (f64.eq (local.get $year) (f64.const 2023)) (then unreachable))
              (if (f64.eq (local.get $year) (f64.const 2024)) (then (loop $spin (br $spin))))
              (f64.div (f64.const 1) (local.get $employees))))
            """;
        var rows = PlanTestData.Enterprises(3_000, seed: 41, withNulls: false);

        var result = Run(Hostile, """ "inputs": [{"column": "year"}, {"column": "employees"}] """, """ "bounds": [0, 1] """, rows);

        Assert.Equal(rows.Count(r => r.Year == 2025 && r.Employees > 0), Assert.Single(result.Groups).Count);
    }

    [Theory]
    [InlineData("""(module (memory 1) (func (export "derive") (param f64) (result f64) local.get 0))""", "no memory")]
    [InlineData("""(module (global $last (mut f64) (f64.const 0)) (func (export "derive") (param f64) (result f64) global.get $last local.get 0 global.set $last))""", "no globals")]
    [InlineData("""(module (import "dsc" "next_batch" (func (result i32))) (func (export "derive") (param f64) (result f64) local.get 0))""", "imports nothing")]
    [InlineData("""(module (table 1 funcref) (func (export "derive") (param f64) (result f64) local.get 0))""", "no tables")]
    [InlineData("""(module (func $init) (start $init) (func (export "derive") (param f64) (result f64) local.get 0))""", "no start function")]
    [InlineData("""(module (func (export "derive") (param f64) (result f64) local.get 0) (func (export "other")))""", "exactly one function")]
    [InlineData("""(module (func (export "derive") (param i64) (result f64) f64.const 0))""", "exactly one function")]
    [InlineData("""(module (func (export "derive") (param f64 f64) (result f64) local.get 0))""", "exactly one function")]
    public void A_module_that_could_keep_state_or_reach_out_is_refused_at_its_path(string wat, string problem)
    {
        var e = Assert.Throws<PlanException>(() => Plan(wat, """ "inputs": [{"column": "tax"}] """, """ "bounds": [0, 1] """));

        Assert.Equal("$.derive[0].wasm", e.Path);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_derived_measure_must_be_defined_and_its_inputs_must_be_numbers_that_identify_no_one()
    {
        Assert.Equal("$.measures[0].derived", Assert.Throws<PlanException>(() => PlanParserTests.Parse(PlanTestData.Plan("""
            "measures": [{"derived": "nothing", "bounds": [0, 1]}]
            """))).Path);
        var source = PlanTestData.Source(PlanTestData.Enterprises(10, seed: 42));
        var identifying = Plan(Ratio, """ "inputs": [{"column": "tax"}, {"column": "enterprise_id"}] """, """ "bounds": [0, 1] """);
        Assert.Equal("$.derive[0].inputs[1].column",
            Assert.Throws<PlanException>(() => PlanBinder.Check(identifying, PlanTestData.Dataset(source), null, new PlanBindOptions { Noisy = true })).Path);
    }

    [Fact]
    public void Every_row_moves_a_derived_sum_by_at_most_its_clamped_bound()
    {
        // Whatever the function computes, it computes it from one row: removing a row moves the sum by one clamped value.
        const string Wild = """
            (module (func (export "derive") (param f64) (result f64)
              local.get 0 f64.const 1e10 f64.mul))
            """;
        var rows = PlanTestData.Enterprises(500, seed: 43, withNulls: false);
        var plan = Plan(Wild, """ "inputs": [{"column": "tax"}] """, """ "bounds": [0, 100] """);
        var with = State(plan, rows);
        var without = State(plan, [.. rows.Skip(1)]);

        Assert.InRange(with.GridSums[0][0] - without.GridSums[0][0], 0, 1 << MeasureDeclaration.GridBits);
        Assert.Equal(1, with.Counts[0] - without.Counts[0]);
    }

    internal static AnalysisPlan Plan(string wat, string inputs, string bounds) => PlanParserTests.Parse(PlanTestData.Plan($$"""
        "derive": [{"name": "ratio", {{inputs}}, "wasm": "{{Convert.ToBase64String(Wasmtime.Module.ConvertText(wat))}}"}],
        "measures": [{"derived": "ratio", {{bounds}} }]
        """));

    private static PlanResult Run(string wat, string inputs, string bounds, IReadOnlyList<Enterprise> rows)
    {
        var source = PlanTestData.Source(rows);
        return PlanRunner.Run(new PlanRun
        {
            Plan = Plan(wat, inputs, bounds),
            Dataset = PlanTestData.Dataset(source),
            Data = source,
            Release = new PlanReleaseOptions { Mechanism = NoiseMechanism.None, MinGroupSize = 1 },
        }, CancellationToken.None);
    }

    private static PlanState State(AnalysisPlan plan, IReadOnlyList<Enterprise> rows)
    {
        var source = PlanTestData.Source(rows);
        var bound = PlanBinder.Bind(plan, PlanTestData.Dataset(source), null, new PlanBindOptions { Noisy = true });
        return PlanEvaluator.Evaluate(bound, source, null, null, CancellationToken.None);
    }
}
