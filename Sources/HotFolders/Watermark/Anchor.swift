import Vips

/// Where on a photo a mark sits: a corner, the middle of an edge, or the centre. The mark
/// keeps `margin` pixels from the edges it touches.
public enum Anchor: String, Sendable, CaseIterable {
    case topLeft = "top-left", top, topRight = "top-right"
    case left, center, right
    case bottomLeft = "bottom-left", bottom, bottomRight = "bottom-right"

    /// -1 at the left, 0 in the middle, 1 at the right.
    var column: Int {
        switch self {
        case .topLeft, .left, .bottomLeft: -1
        case .top, .center, .bottom: 0
        case .topRight, .right, .bottomRight: 1
        }
    }

    /// -1 at the top, 0 in the middle, 1 at the bottom.
    var row: Int {
        switch self {
        case .topLeft, .top, .topRight: -1
        case .left, .center, .right: 0
        case .bottomLeft, .bottom, .bottomRight: 1
        }
    }

    /// Lines of text line up on the side of the photo the mark is on.
    var alignment: Vips.TextAlignment {
        switch column {
        case -1: .left
        case 0: .centre
        default: .right
        }
    }

    /// The top-left corner of a `width` x `height` mark on a `canvasWidth` x `canvasHeight`
    /// image. May be negative when the mark is larger than the image (the painter clips it).
    func origin(width: Int, height: Int, canvasWidth: Int, canvasHeight: Int, margin: Int) -> (x: Int, y: Int) {
        (Self.place(column, size: width, in: canvasWidth, margin: margin),
         Self.place(row, size: height, in: canvasHeight, margin: margin))
    }

    private static func place(_ side: Int, size: Int, in length: Int, margin: Int) -> Int {
        switch side {
        case -1: margin
        case 0: (length - size) / 2
        default: length - size - margin
        }
    }
}
