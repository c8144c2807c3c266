package dev.jgil.engines.drivers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Netty 4.2 NIO echo server (1 boss, 4 worker event loops); {@code conns} plain blocking-socket clients make
 * {@code trips} round trips each, and every echo must equal what was sent.
 */
public final class NettyDriver {
    /** The application's handler (not designated: only Netty is). */
    @ChannelHandler.Sharable
    static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            System.out.println("server exception: " + cause);
            ctx.close();
        }
    }

    public static void main(String[] args) throws Exception {
        Driver driver = new Driver("netty");
        int conns = Driver.arg(args, "conns", 4);
        int trips = Driver.arg(args, "trips", 300);
        long t0 = System.nanoTime();
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(4, NioIoHandler.newFactory());
        Echo echo = new Echo();
        Channel server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(echo);
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        AtomicInteger good = new AtomicInteger();
        AtomicInteger bad = new AtomicInteger();
        List<Thread> ts = new ArrayList<>();
        for (int c = 0; c < conns; c++) {
            int id = c;
            Thread t = new Thread(() -> {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setTcpNoDelay(true);
                    OutputStream out = s.getOutputStream();
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    for (int i = 0; i < trips; i++) {
                        byte[] msg = String.format("conn %3d trip %6d ........................", id, i).getBytes(StandardCharsets.US_ASCII);
                        out.write(msg);
                        out.flush();
                        byte[] back = new byte[msg.length];
                        in.readFully(back);
                        if (Arrays.equals(msg, back)) good.incrementAndGet();
                        else bad.incrementAndGet();
                    }
                } catch (Exception e) {
                    bad.incrementAndGet();
                    System.out.println("client " + id + " failed: " + e);
                }
            }, "client-" + c);
            ts.add(t);
            t.start();
        }
        for (Thread t : ts) t.join();
        server.close().sync();
        boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        long work = System.nanoTime() - t0;
        driver.finish(work, good.get() == conns * trips && bad.get() == 0, "echoes=" + good.get() + "/" + conns * trips + " bad=" + bad.get());
    }
}
