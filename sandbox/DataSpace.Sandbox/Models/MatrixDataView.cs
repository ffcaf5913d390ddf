using Microsoft.ML;
using Microsoft.ML.Data;

namespace DataSpace.Sandbox.Models;

/// <summary>
/// An ML.NET <see cref="IDataView"/> over a <see cref="TrainingMatrix"/> without copying it: a <c>Label</c> column
/// (<see cref="float"/>, or <see cref="bool"/> for binary classification) and a fixed-size <c>Features</c> vector.
/// </summary>
internal sealed class MatrixDataView : IDataView
{
    public const string LabelColumn = "Label";
    public const string FeaturesColumn = "Features";

    private readonly TrainingMatrix _matrix;
    private readonly bool _booleanLabel;

    public MatrixDataView(TrainingMatrix matrix, bool booleanLabel)
    {
        _matrix = matrix;
        _booleanLabel = booleanLabel;
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(LabelColumn, booleanLabel ? BooleanDataViewType.Instance : NumberDataViewType.Single);
        builder.AddColumn(FeaturesColumn, new VectorDataViewType(NumberDataViewType.Single, matrix.Dimensions));
        Schema = builder.ToSchema();
    }

    public bool CanShuffle => true;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _matrix.Rows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, rand);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [new Cursor(this, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly MatrixDataView _view;
        private readonly int[]? _order;
        private long _position = -1;
        private int _row = -1;

        public Cursor(MatrixDataView view, Random? rand)
        {
            _view = view;
            if (rand is not null)
            {
                // Fisher–Yates with ML.NET's seeded Random: shuffled passes stay deterministic.
                _order = new int[view._matrix.Rows];
                for (var i = 0; i < _order.Length; i++)
                {
                    _order[i] = i;
                }

                for (var i = _order.Length - 1; i > 0; i--)
                {
                    var j = rand.Next(i + 1);
                    (_order[i], _order[j]) = (_order[j], _order[i]);
                }
            }
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (_position + 1 >= _view._matrix.Rows)
            {
                _row = -1;
                return false;
            }

            _position++;
            _row = _order is null ? (int)_position : _order[_position];
            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)_row, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            Delegate getter = column.Index switch
            {
                0 when _view._booleanLabel => (ValueGetter<bool>)((ref bool value) => value = _view._matrix.Labels[_row] != 0f),
                0 => (ValueGetter<float>)((ref float value) => value = _view._matrix.Labels[_row]),
                1 => (ValueGetter<VBuffer<float>>)GetFeatures,
                _ => throw new ArgumentOutOfRangeException(nameof(column)),
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"column '{column.Name}' is not of type {typeof(TValue).Name}");
        }

        private void GetFeatures(ref VBuffer<float> value)
        {
            var dims = _view._matrix.Dimensions;
            var editor = VBufferEditor.Create(ref value, dims);
            _view._matrix.FeaturesOf(_row).CopyTo(editor.Values);
            value = editor.Commit();
        }
    }
}
