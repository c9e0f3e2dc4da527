package dev.coracle.server.image;

import dev.coracle.core.image.ImageManager;
import dev.coracle.cri.v1.Image;
import dev.coracle.cri.v1.ImageFsInfoRequest;
import dev.coracle.cri.v1.ImageFsInfoResponse;
import dev.coracle.cri.v1.ImageServiceGrpc;
import dev.coracle.cri.v1.ImageStatusRequest;
import dev.coracle.cri.v1.ImageStatusResponse;
import dev.coracle.cri.v1.ListImagesRequest;
import dev.coracle.cri.v1.ListImagesResponse;
import dev.coracle.cri.v1.PullImageRequest;
import dev.coracle.cri.v1.PullImageResponse;
import dev.coracle.cri.v1.RemoveImageRequest;
import dev.coracle.cri.v1.RemoveImageResponse;
import dev.coracle.cri.v1.StreamImagesRequest;
import dev.coracle.cri.v1.StreamImagesResponse;
import dev.coracle.server.rpc.Chunks;
import dev.coracle.server.rpc.Unary;
import io.grpc.stub.StreamObserver;
import java.util.List;

/** The CRI ImageService: one line per RPC, each handing the request to its handler. */
public final class ImageService extends ImageServiceGrpc.ImageServiceImplBase {

  private final ImagePull pull;
  private final ImageStatusQuery status;
  private final ImageList list;
  private final ImageRemove remove;
  private final ImageFsInfoQuery fsInfo;

  public ImageService(ImageManager images) {
    this.pull = new ImagePull(images);
    this.status = new ImageStatusQuery(images);
    this.list = new ImageList(images);
    this.remove = new ImageRemove(images);
    this.fsInfo = new ImageFsInfoQuery(images);
  }

  @Override
  public void pullImage(PullImageRequest request, StreamObserver<PullImageResponse> response) {
    Unary.answer(response, pull.handle(request));
  }

  @Override
  public void imageStatus(ImageStatusRequest request, StreamObserver<ImageStatusResponse> response) {
    Unary.answer(response, status.handle(request));
  }

  @Override
  public void listImages(ListImagesRequest request, StreamObserver<ListImagesResponse> response) {
    Unary.answer(response, ListImagesResponse.newBuilder().addAllImages(list.list(request.getFilter())).build());
  }

  @Override
  public void streamImages(StreamImagesRequest request, StreamObserver<StreamImagesResponse> response) {
    List<Image> images = list.list(request.getFilter());
    Chunks.send(images, Image::getSerializedSize,
        chunk -> response.onNext(StreamImagesResponse.newBuilder().addAllImages(chunk).build()));
    response.onCompleted();
  }

  @Override
  public void removeImage(RemoveImageRequest request, StreamObserver<RemoveImageResponse> response) {
    Unary.answer(response, remove.handle(request));
  }

  @Override
  public void imageFsInfo(ImageFsInfoRequest request, StreamObserver<ImageFsInfoResponse> response) {
    Unary.answer(response, fsInfo.handle(request));
  }
}
