package dev.asyncrosetta.reactor;

import dev.asyncrosetta.model.CallFailure;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.DecoderResultProvider;
import reactor.netty.NettyPipeline;

/**
 * Names what Netty's HTTP decoder could not parse (a bad status line, a header name that is not a
 * token, a head over the size limit, a broken chunk) as {@link CallFailure#unparseable}, right where
 * the decoder reports it. Reactor Netty fails the exchange with the decoder's own cause, which is
 * often a plain IllegalArgumentException: by then nothing tells it from a bug, while here only the
 * decoder's own failures pass.
 */
@ChannelHandler.Sharable
final class UnparseableAnswers extends ChannelInboundHandlerAdapter {
    private static final String NAME = "rosetta.unparseableAnswers";
    private static final UnparseableAnswers INSTANCE = new UnparseableAnswers();

    private UnparseableAnswers() {}

    /** Right after the HTTP codec, ahead of Reactor Netty's own handlers. */
    static void install(ChannelPipeline pipeline) {
        pipeline.addAfter(NettyPipeline.HttpCodec, NAME, INSTANCE);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DecoderResultProvider decoded && decoded.decoderResult().isFailure()
                && !(decoded.decoderResult().cause() instanceof CallFailure)) {
            decoded.setDecoderResult(DecoderResult.failure(CallFailure.unparseable(decoded.decoderResult().cause())));
        }
        ctx.fireChannelRead(msg);
    }
}
